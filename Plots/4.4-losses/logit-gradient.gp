# 4.4 损失函数（Loss Function）：对 logit z 的梯度（y = 1）：BCE 与 MSE
# Re-render by hand in this folder: gnuplot logit-gradient.gp  (reads logit-gradient.dat)
set encoding utf8
set datafile missing 'NaN'
set title '4.4 损失函数（Loss Function）：对 logit z 的梯度（y = 1）：BCE 与 MSE'
set xlabel 'logit z (z < 0: wrong, and the more negative, the more confident)'
set ylabel 'gradient'
set grid lc rgb '#e0e0e0'
set key bottom right box opaque
set arrow 1 from -4.0, graph 0 to -4.0, graph 1 nohead dt 2 lw 1.5 lc rgb '#404040'
set label 1 'z = -4' at -4.0, graph 0.96 offset 0.6,0 tc rgb '#404040'
set arrow 2 from -1.0, graph 0 to -1.0, graph 1 nohead dt 2 lw 1.5 lc rgb '#404040'
set label 2 'z = -1' at -1.0, graph 0.96 offset 0.6,0 tc rgb '#404040'
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'logit-gradient.png'
plot 'logit-gradient.dat' index 0 using 1:2 with lines lw 2 lc rgb '#1f77b4' title '∂BCE/∂z = σ(z) − 1', \
     'logit-gradient.dat' index 1 using 1:2 with lines lw 2 lc rgb '#d62728' title '∂MSE/∂z = 2(σ(z) − 1)σ(z)(1 − σ(z))'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'logit-gradient.svg'
plot 'logit-gradient.dat' index 0 using 1:2 with lines lw 2 lc rgb '#1f77b4' title '∂BCE/∂z = σ(z) − 1', \
     'logit-gradient.dat' index 1 using 1:2 with lines lw 2 lc rgb '#d62728' title '∂MSE/∂z = 2(σ(z) − 1)σ(z)(1 − σ(z))'
unset output
