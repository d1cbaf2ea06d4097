# 4.1 梯度下降（Gradient Descent）：J(w_t) 随迭代 (x = 3, y = 6)
# Re-render by hand in this folder: gnuplot loss-vs-iteration.gp  (reads loss-vs-iteration.dat)
set encoding utf8
set datafile missing 'NaN'
set title '4.1 梯度下降（Gradient Descent）：J(w_t) 随迭代 (x = 3, y = 6)'
set xlabel 'iteration t'
set ylabel 'J(w_t) = (w_t·x − y)²'
set grid lc rgb '#e0e0e0'
set key bottom left box opaque
set logscale y
set yrange [1e-30:100000000.0]
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'loss-vs-iteration.png'
plot 'loss-vs-iteration.dat' index 0 using 1:2 with lines lw 2 lc rgb '#1f77b4' title 'α = 0.001', \
     'loss-vs-iteration.dat' index 1 using 1:2 with lines lw 2 lc rgb '#d62728' title 'α = 0.01', \
     'loss-vs-iteration.dat' index 2 using 1:2 with lines lw 2 lc rgb '#2ca02c' title 'α = 0.05', \
     'loss-vs-iteration.dat' index 3 using 1:2 with lines lw 2 lc rgb '#ff7f0e' title 'α = 0.1', \
     'loss-vs-iteration.dat' index 4 using 1:2 with lines lw 2 lc rgb '#9467bd' title 'α = 0.11', \
     'loss-vs-iteration.dat' index 5 using 1:2 with lines lw 2 lc rgb '#8c564b' title 'α = 0.115'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'loss-vs-iteration.svg'
plot 'loss-vs-iteration.dat' index 0 using 1:2 with lines lw 2 lc rgb '#1f77b4' title 'α = 0.001', \
     'loss-vs-iteration.dat' index 1 using 1:2 with lines lw 2 lc rgb '#d62728' title 'α = 0.01', \
     'loss-vs-iteration.dat' index 2 using 1:2 with lines lw 2 lc rgb '#2ca02c' title 'α = 0.05', \
     'loss-vs-iteration.dat' index 3 using 1:2 with lines lw 2 lc rgb '#ff7f0e' title 'α = 0.1', \
     'loss-vs-iteration.dat' index 4 using 1:2 with lines lw 2 lc rgb '#9467bd' title 'α = 0.11', \
     'loss-vs-iteration.dat' index 5 using 1:2 with lines lw 2 lc rgb '#8c564b' title 'α = 0.115'
unset output
