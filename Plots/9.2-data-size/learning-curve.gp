# 9.2 大模型训练需要多少数据？：测试准确率与训练集大小（基线 CNN）
# Re-render by hand in this folder: gnuplot learning-curve.gp  (reads learning-curve.dat)
set encoding utf8
set datafile missing 'NaN'
set title '9.2 大模型训练需要多少数据？：测试准确率与训练集大小（基线 CNN）'
set xlabel 'fit images, n (log scale)'
set ylabel 'test accuracy (%)'
set grid lc rgb '#e0e0e0'
set key bottom right box opaque
set logscale x
set format x '10^{%L}'
set xrange [350.0:770000.0]
set arrow 1 from 55000.0, graph 0 to 55000.0, graph 1 nohead dt 2 lw 1.5 lc rgb '#404040'
set label 1 'the largest set measured: 55,000' at 55000.0, graph 0.96 offset 0.6,0 tc rgb '#404040'
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'learning-curve.png'
plot 'learning-curve.dat' index 0 using 1:2 with points pt 7 ps 0.8 lc rgb '#1f77b4' title 'each run', \
     'learning-curve.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'mean over seeds', \
     'learning-curve.dat' index 2 using 1:2 with lines lw 2 dt 2 lc rgb '#2ca02c' title 'fit: error = 0.906·n^{−0.293} + 0.0495'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'learning-curve.svg'
plot 'learning-curve.dat' index 0 using 1:2 with points pt 7 ps 0.8 lc rgb '#1f77b4' title 'each run', \
     'learning-curve.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'mean over seeds', \
     'learning-curve.dat' index 2 using 1:2 with lines lw 2 dt 2 lc rgb '#2ca02c' title 'fit: error = 0.906·n^{−0.293} + 0.0495'
unset output
