# 5.3.3 改进措施：线性缩放规则：何时需要 warm-up
# Re-render by hand in this folder: gnuplot warmup-threshold.gp  (reads warmup-threshold.dat)
set encoding utf8
set datafile missing 'NaN'
set title '5.3.3 改进措施：线性缩放规则：何时需要 warm-up'
set xlabel 'global batch B (12288 images each)'
set ylabel 'held-out accuracy (%)'
set grid lc rgb '#e0e0e0'
set key bottom left box opaque
set logscale x
set format x '10^{%L}'
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'warmup-threshold.png'
plot 'warmup-threshold.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'lr·B/64 from the first step', \
     'warmup-threshold.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'with linear warm-up (first third of the steps)'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'warmup-threshold.svg'
plot 'warmup-threshold.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'lr·B/64 from the first step', \
     'warmup-threshold.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'with linear warm-up (first third of the steps)'
unset output
