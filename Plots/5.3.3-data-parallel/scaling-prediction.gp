# 5.3.3 改进措施：数据并行的预测加速比（α–β 模型）
# Re-render by hand in this folder: gnuplot scaling-prediction.gp  (reads scaling-prediction.dat)
set encoding utf8
set datafile missing 'NaN'
set title '5.3.3 改进措施：数据并行的预测加速比（α–β 模型）'
set xlabel 'ranks'
set ylabel 'speed-up over 1 rank'
set grid lc rgb '#e0e0e0'
set key top left box opaque
set logscale x
set format x '10^{%L}'
set logscale y
set format y '10^{%L}'
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'scaling-prediction.png'
plot 'scaling-prediction.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'cnn, 10 GbE', \
     'scaling-prediction.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'cnn, 100 Gb/s', \
     'scaling-prediction.dat' index 2 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#2ca02c' title 'resnet, 10 GbE', \
     'scaling-prediction.dat' index 3 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#ff7f0e' title 'resnet, 100 Gb/s', \
     'scaling-prediction.dat' index 4 using 1:2 with lines lw 2 dt 2 lc rgb '#9467bd' title 'ideal'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'scaling-prediction.svg'
plot 'scaling-prediction.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'cnn, 10 GbE', \
     'scaling-prediction.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'cnn, 100 Gb/s', \
     'scaling-prediction.dat' index 2 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#2ca02c' title 'resnet, 10 GbE', \
     'scaling-prediction.dat' index 3 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#ff7f0e' title 'resnet, 100 Gb/s', \
     'scaling-prediction.dat' index 4 using 1:2 with lines lw 2 dt 2 lc rgb '#9467bd' title 'ideal'
unset output
