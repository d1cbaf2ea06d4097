# 5.3.3 改进措施：一步的时间：计算与等待 all-reduce
# Re-render by hand in this folder: gnuplot step-split.gp  (reads step-split.dat)
set encoding utf8
set datafile missing 'NaN'
set title '5.3.3 改进措施：一步的时间：计算与等待 all-reduce'
set xlabel ''
set ylabel 'milliseconds per step (rank 0)'
set grid lc rgb '#e0e0e0'
set key top right box opaque
set xrange [0.0:3.0]
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'step-split.png'
plot 'step-split.dat' index 0 using 1:2 with boxes fill solid 0.7 lc rgb '#1f77b4' title 'compute (forward, backward, update)', \
     'step-split.dat' index 1 using 1:2 with boxes fill solid 0.7 lc rgb '#d62728' title 'waiting for the all-reduce'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'step-split.svg'
plot 'step-split.dat' index 0 using 1:2 with boxes fill solid 0.7 lc rgb '#1f77b4' title 'compute (forward, backward, update)', \
     'step-split.dat' index 1 using 1:2 with boxes fill solid 0.7 lc rgb '#d62728' title 'waiting for the all-reduce'
unset output
