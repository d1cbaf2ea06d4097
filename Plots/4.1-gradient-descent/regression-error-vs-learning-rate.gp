# 4.1 梯度下降（Gradient Descent）：六个样本的 MSE：T = 100 步后的 |w_T − w*|
# Re-render by hand in this folder: gnuplot regression-error-vs-learning-rate.gp  (reads regression-error-vs-learning-rate.dat)
set encoding utf8
set datafile missing 'NaN'
set title '4.1 梯度下降（Gradient Descent）：六个样本的 MSE：T = 100 步后的 |w_T − w*|'
set xlabel 'learning rate α'
set ylabel '|w_T − w*|'
set grid lc rgb '#e0e0e0'
set key top left box opaque
set logscale y
set yrange [1e-18:1000000000000000.0]
set arrow 1 from 0.13186813186813187, graph 0 to 0.13186813186813187, graph 1 nohead dt 2 lw 1.5 lc rgb '#404040'
set label 1 'one step: α = 0.1319' at 0.13186813186813187, graph 0.96 offset 0.6,0 tc rgb '#404040'
set arrow 2 from 0.26373626373626374, graph 0 to 0.26373626373626374, graph 1 nohead dt 2 lw 1.5 lc rgb '#404040'
set label 2 'limit 1/m₂ = 0.2637' at 0.26373626373626374, graph 0.96 offset 0.6,0 tc rgb '#404040'
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'regression-error-vs-learning-rate.png'
plot 'regression-error-vs-learning-rate.dat' index 0 using 1:2 with lines lw 2 lc rgb '#1f77b4' title '|w_T − w*|'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'regression-error-vs-learning-rate.svg'
plot 'regression-error-vs-learning-rate.dat' index 0 using 1:2 with lines lw 2 lc rgb '#1f77b4' title '|w_T − w*|'
unset output
