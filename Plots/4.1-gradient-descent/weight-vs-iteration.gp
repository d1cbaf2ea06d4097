# 4.1 梯度下降（Gradient Descent）：w_t 随迭代，w* = 2
# Re-render by hand in this folder: gnuplot weight-vs-iteration.gp  (reads weight-vs-iteration.dat)
set encoding utf8
set datafile missing 'NaN'
set title '4.1 梯度下降（Gradient Descent）：w_t 随迭代，w* = 2'
set xlabel 'iteration t'
set ylabel 'w_t'
set grid lc rgb '#e0e0e0'
set key bottom right box opaque
set arrow 1 from graph 0, first 2.0 to graph 1, first 2.0 nohead dt 3 lw 1.5 lc rgb '#404040'
set label 1 'w* = 2' at graph 0.01, first 2.0 offset 0,0.7 tc rgb '#404040'
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'weight-vs-iteration.png'
plot 'weight-vs-iteration.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'α = 0.01', \
     'weight-vs-iteration.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'α = 0.05', \
     'weight-vs-iteration.dat' index 2 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#2ca02c' title 'α = 0.1', \
     'weight-vs-iteration.dat' index 3 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#ff7f0e' title 'α = 0.11'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'weight-vs-iteration.svg'
plot 'weight-vs-iteration.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'α = 0.01', \
     'weight-vs-iteration.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'α = 0.05', \
     'weight-vs-iteration.dat' index 2 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#2ca02c' title 'α = 0.1', \
     'weight-vs-iteration.dat' index 3 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#ff7f0e' title 'α = 0.11'
unset output
