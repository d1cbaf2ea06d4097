# 4.2 优化算法：Adam：有效步长 |Δw_t|/α：有无偏差校正
# Re-render by hand in this folder: gnuplot effective-step.gp  (reads effective-step.dat)
set encoding utf8
set datafile missing 'NaN'
set title '4.2 优化算法：Adam：有效步长 |Δw_t|/α：有无偏差校正'
set xlabel 'step t'
set ylabel '|Δw_t| / α'
set grid lc rgb '#e0e0e0'
set key bottom left box opaque
set logscale x
set logscale y
set yrange [0.001:30.0]
set arrow 1 from graph 0, first 3.1622776601683773 to graph 1, first 3.1622776601683773 nohead dt 3 lw 1.5 lc rgb '#404040'
set label 1 '(1−β₁)/√(1−β₂) ≈ 3.16' at graph 0.01, first 3.1622776601683773 offset 0,0.7 tc rgb '#404040'
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'effective-step.png'
plot 'effective-step.dat' index 0 using 1:2 with lines lw 2 lc rgb '#1f77b4' title 'Adam (m̂/(√v̂ + ε))', \
     'effective-step.dat' index 1 using 1:2 with lines lw 2 lc rgb '#d62728' title 'without bias correction (m/√v)'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'effective-step.svg'
plot 'effective-step.dat' index 0 using 1:2 with lines lw 2 lc rgb '#1f77b4' title 'Adam (m̂/(√v̂ + ε))', \
     'effective-step.dat' index 1 using 1:2 with lines lw 2 lc rgb '#d62728' title 'without bias correction (m/√v)'
unset output
