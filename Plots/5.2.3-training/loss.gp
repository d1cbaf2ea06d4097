# 5.2.3 模型训练：训练损失：每步与每个 epoch 的平均
# Re-render by hand in this folder: gnuplot loss.gp  (reads loss.dat)
set encoding utf8
set datafile missing 'NaN'
set title '5.2.3 模型训练：训练损失：每步与每个 epoch 的平均'
set xlabel 'epoch'
set ylabel 'cross-entropy loss'
set grid lc rgb '#e0e0e0'
set key top right box opaque
set xrange [0.0:10.2]
set logscale y
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'loss.png'
plot 'loss.dat' index 0 using 1:2 with lines lw 2 lc rgb '#1f77b4' title 'loss, mean of the last 43 steps', \
     'loss.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'mean loss per epoch'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'loss.svg'
plot 'loss.dat' index 0 using 1:2 with lines lw 2 lc rgb '#1f77b4' title 'loss, mean of the last 43 steps', \
     'loss.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'mean loss per epoch'
unset output
