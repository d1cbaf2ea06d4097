# 5.3.3 改进措施：模型并行：空闲占比与微批数 M
# Re-render by hand in this folder: gnuplot idle-share.gp  (reads idle-share.dat)
set encoding utf8
set datafile missing 'NaN'
set title '5.3.3 改进措施：模型并行：空闲占比与微批数 M'
set xlabel 'micro-batches per step (M)'
set ylabel 'idle share of a step (%)'
set grid lc rgb '#e0e0e0'
set key at graph 0.98, graph 0.88 right top box opaque
set xrange [0.5:8.5]
set xtics 1.0
set yrange [0.0:100.0]
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'idle-share.png'
plot 'idle-share.dat' index 0 using 1:2 with lines lw 2 dt 2 lc rgb '#1f77b4' title 'bubble formula (N − 1)/(M + N − 1), N = 2', \
     'idle-share.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'measured, both ranks', \
     'idle-share.dat' index 2 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#2ca02c' title 'measured, rank 0 (conv)', \
     'idle-share.dat' index 3 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#ff7f0e' title 'measured, rank 1 (fc)'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'idle-share.svg'
plot 'idle-share.dat' index 0 using 1:2 with lines lw 2 dt 2 lc rgb '#1f77b4' title 'bubble formula (N − 1)/(M + N − 1), N = 2', \
     'idle-share.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'measured, both ranks', \
     'idle-share.dat' index 2 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#2ca02c' title 'measured, rank 0 (conv)', \
     'idle-share.dat' index 3 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#ff7f0e' title 'measured, rank 1 (fc)'
unset output
