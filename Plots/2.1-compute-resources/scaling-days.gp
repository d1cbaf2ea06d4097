# 2.1 计算资源：训练时间（6·N·D，D = 20·N）：本机实测峰值与一块加速器的标称峰值
# Re-render by hand in this folder: gnuplot scaling-days.gp  (reads scaling-days.dat)
set encoding utf8
set datafile missing 'NaN'
set title '2.1 计算资源：训练时间（6·N·D，D = 20·N）：本机实测峰值与一块加速器的标称峰值'
set xlabel 'parameters N (log scale)'
set ylabel 'days of training at peak (log scale)'
set grid lc rgb '#e0e0e0'
set key top left box opaque
set logscale x
set format x '10^{%L}'
set logscale y
set format y '10^{%L}'
set arrow 1 from graph 0, first 1.0 to graph 1, first 1.0 nohead dt 3 lw 1.5 lc rgb '#404040'
set label 1 '1 day' at graph 0.01, first 1.0 offset 0,0.7 tc rgb '#404040'
set arrow 2 from graph 0, first 365.0 to graph 1, first 365.0 nohead dt 3 lw 1.5 lc rgb '#404040'
set label 2 '1 year' at graph 0.01, first 365.0 offset 0,0.7 tc rgb '#404040'
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'scaling-days.png'
plot 'scaling-days.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'this machine, measured sgemm peak', \
     'scaling-days.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'one H100 SXM (BF16 dense, datasheet)'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'scaling-days.svg'
plot 'scaling-days.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'this machine, measured sgemm peak', \
     'scaling-days.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'one H100 SXM (BF16 dense, datasheet)'
unset output
