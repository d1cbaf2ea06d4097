# 4.3 预训练和微调（Pre-training and Fine-tuning）：自监督预训练（旋转预测）后微调：测试准确率与每类标注样本数
# Re-render by hand in this folder: gnuplot accuracy-against-k-self-supervised.gp  (reads accuracy-against-k-self-supervised.dat)
set encoding utf8
set datafile missing 'NaN'
set title '4.3 预训练和微调（Pre-training and Fine-tuning）：自监督预训练（旋转预测）后微调：测试准确率与每类标注样本数'
set xlabel 'labelled images per class, k (log scale)'
set ylabel 'test accuracy (%, mean over seeds 0, 1, 2)'
set grid lc rgb '#e0e0e0'
set key top left box opaque
set logscale x
set format x '10^{%L}'
set xrange [0.7:1400.0]
set arrow 1 from graph 0, first 10.0 to graph 1, first 10.0 nohead dt 3 lw 1.5 lc rgb '#404040'
set label 1 'chance' at graph 0.01, first 10.0 offset 0,0.7 tc rgb '#404040'
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'accuracy-against-k-self-supervised.png'
plot 'accuracy-against-k-self-supervised.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'linear probe (head only)', \
     'accuracy-against-k-self-supervised.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'last block + head', \
     'accuracy-against-k-self-supervised.dat' index 2 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#2ca02c' title 'full fine-tune', \
     'accuracy-against-k-self-supervised.dat' index 3 using 1:2 with lines lw 2 dt 2 lc rgb '#ff7f0e' title 'from scratch'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'accuracy-against-k-self-supervised.svg'
plot 'accuracy-against-k-self-supervised.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'linear probe (head only)', \
     'accuracy-against-k-self-supervised.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'last block + head', \
     'accuracy-against-k-self-supervised.dat' index 2 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#2ca02c' title 'full fine-tune', \
     'accuracy-against-k-self-supervised.dat' index 3 using 1:2 with lines lw 2 dt 2 lc rgb '#ff7f0e' title 'from scratch'
unset output
