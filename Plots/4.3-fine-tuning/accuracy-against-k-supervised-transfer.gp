# 4.3 预训练和微调（Pre-training and Fine-tuning）：在类别 0–4 上有监督预训练、在 5–9 上微调：测试准确率与每类标注样本数
# Re-render by hand in this folder: gnuplot accuracy-against-k-supervised-transfer.gp  (reads accuracy-against-k-supervised-transfer.dat)
set encoding utf8
set datafile missing 'NaN'
set title '4.3 预训练和微调（Pre-training and Fine-tuning）：在类别 0–4 上有监督预训练、在 5–9 上微调：测试准确率与每类标注样本数'
set xlabel 'labelled images per class, k (log scale)'
set ylabel 'test accuracy (%, mean over seeds 0, 1, 2)'
set grid lc rgb '#e0e0e0'
set key top left box opaque
set logscale x
set format x '10^{%L}'
set xrange [0.7:1400.0]
set arrow 1 from graph 0, first 20.0 to graph 1, first 20.0 nohead dt 3 lw 1.5 lc rgb '#404040'
set label 1 'chance' at graph 0.01, first 20.0 offset 0,0.7 tc rgb '#404040'
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'accuracy-against-k-supervised-transfer.png'
plot 'accuracy-against-k-supervised-transfer.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'linear probe (head only)', \
     'accuracy-against-k-supervised-transfer.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'last block + head', \
     'accuracy-against-k-supervised-transfer.dat' index 2 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#2ca02c' title 'full fine-tune', \
     'accuracy-against-k-supervised-transfer.dat' index 3 using 1:2 with lines lw 2 dt 2 lc rgb '#ff7f0e' title 'from scratch'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'accuracy-against-k-supervised-transfer.svg'
plot 'accuracy-against-k-supervised-transfer.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'linear probe (head only)', \
     'accuracy-against-k-supervised-transfer.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'last block + head', \
     'accuracy-against-k-supervised-transfer.dat' index 2 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#2ca02c' title 'full fine-tune', \
     'accuracy-against-k-supervised-transfer.dat' index 3 using 1:2 with lines lw 2 dt 2 lc rgb '#ff7f0e' title 'from scratch'
unset output
