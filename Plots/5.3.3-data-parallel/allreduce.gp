# 5.3.3 改进措施：all-reduce 延迟：测量与 α–β 模型
# Re-render by hand in this folder: gnuplot allreduce.gp  (reads allreduce.dat)
set encoding utf8
set datafile missing 'NaN'
set title '5.3.3 改进措施：all-reduce 延迟：测量与 α–β 模型'
set xlabel 'message size (bytes)'
set ylabel 'time per all-reduce (µs)'
set grid lc rgb '#e0e0e0'
set key top left box opaque
set logscale x
set format x '10^{%L}'
set logscale y
set format y '10^{%L}'
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'allreduce.png'
plot 'allreduce.dat' index 0 using 1:2 with points pt 7 ps 0.8 lc rgb '#1f77b4' title 'measured, 2 ranks', \
     'allreduce.dat' index 1 using 1:2 with lines lw 2 lc rgb '#d62728' title 'α–β fit'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'allreduce.svg'
plot 'allreduce.dat' index 0 using 1:2 with points pt 7 ps 0.8 lc rgb '#1f77b4' title 'measured, 2 ranks', \
     'allreduce.dat' index 1 using 1:2 with lines lw 2 lc rgb '#d62728' title 'α–β fit'
unset output
