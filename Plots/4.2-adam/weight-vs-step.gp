# 4.2 优化算法：Adam：w_t 随步数：梯度下降、Adam、无偏差校正的 Adam
# Re-render by hand in this folder: gnuplot weight-vs-step.gp  (reads weight-vs-step.dat)
set encoding utf8
set datafile missing 'NaN'
set title '4.2 优化算法：Adam：w_t 随步数：梯度下降、Adam、无偏差校正的 Adam'
set xlabel 'step t'
set ylabel 'w_t'
set grid lc rgb '#e0e0e0'
set key top left box opaque
set logscale x
set arrow 1 from graph 0, first 2.0 to graph 1, first 2.0 nohead dt 3 lw 1.5 lc rgb '#404040'
set label 1 'w* = 2' at graph 0.01, first 2.0 offset 0,0.7 tc rgb '#404040'
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'weight-vs-step.png'
plot 'weight-vs-step.dat' index 0 using 1:2 with lines lw 2 lc rgb '#1f77b4' title 'gradient descent, α = 0.01', \
     'weight-vs-step.dat' index 1 using 1:2 with lines lw 2 lc rgb '#d62728' title 'Adam, α = 0.001', \
     'weight-vs-step.dat' index 2 using 1:2 with lines lw 2 lc rgb '#2ca02c' title 'Adam without bias correction'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'weight-vs-step.svg'
plot 'weight-vs-step.dat' index 0 using 1:2 with lines lw 2 lc rgb '#1f77b4' title 'gradient descent, α = 0.01', \
     'weight-vs-step.dat' index 1 using 1:2 with lines lw 2 lc rgb '#d62728' title 'Adam, α = 0.001', \
     'weight-vs-step.dat' index 2 using 1:2 with lines lw 2 lc rgb '#2ca02c' title 'Adam without bias correction'
unset output
