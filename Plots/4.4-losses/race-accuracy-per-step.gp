# 4.4 损失函数（Loss Function）：每步之后的测试准确率：BCE 很快逃离错误起点
# Re-render by hand in this folder: gnuplot race-accuracy-per-step.gp  (reads race-accuracy-per-step.dat)
set encoding utf8
set datafile missing 'NaN'
set title '4.4 损失函数（Loss Function）：每步之后的测试准确率：BCE 很快逃离错误起点'
set xlabel 'SGD step'
set ylabel 'test accuracy (%)'
set grid lc rgb '#e0e0e0'
set key bottom right box opaque
set logscale x
set yrange [0.0:100.0]
set arrow 1 from 4.0, graph 0 to 4.0, graph 1 nohead dt 2 lw 1.5 lc rgb '#404040'
set label 1 'BCE: 4' at 4.0, graph 0.96 offset 0.6,0 tc rgb '#404040'
set arrow 2 from 650.0, graph 0 to 650.0, graph 1 nohead dt 2 lw 1.5 lc rgb '#404040'
set label 2 'MSE: 650' at 650.0, graph 0.96 offset 0.6,0 tc rgb '#404040'
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'race-accuracy-per-step.png'
plot 'race-accuracy-per-step.dat' index 0 using 1:2 with lines lw 2 lc rgb '#1f77b4' title 'BCE loss', \
     'race-accuracy-per-step.dat' index 1 using 1:2 with lines lw 2 lc rgb '#d62728' title 'MSE loss'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'race-accuracy-per-step.svg'
plot 'race-accuracy-per-step.dat' index 0 using 1:2 with lines lw 2 lc rgb '#1f77b4' title 'BCE loss', \
     'race-accuracy-per-step.dat' index 1 using 1:2 with lines lw 2 lc rgb '#d62728' title 'MSE loss'
unset output
