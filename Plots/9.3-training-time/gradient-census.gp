# 9.3 如何优化大模型训练时间？：梯度幅值分布与 FP16 的表示范围
# Re-render by hand in this folder: gnuplot gradient-census.gp  (reads gradient-census.dat)
set encoding utf8
set datafile missing 'NaN'
set title '9.3 如何优化大模型训练时间？：梯度幅值分布与 FP16 的表示范围'
set xlabel 'log2 |gradient| (binade). Dashed: FP16''s smallest subnormal 2^{-24}, smallest normal 2^{-14}, largest 65504; below 2^{-40} even ×2^{16} flushes'
set ylabel 'share of non-zero values (%, log scale)'
set grid lc rgb '#e0e0e0'
set key center right box opaque
set xrange [-75.0:20.0]
set logscale y
set format y '10^{%L}'
set arrow 1 from -24.0, graph 0 to -24.0, graph 1 nohead dt 2 lw 1.5 lc rgb '#404040'
set label 1 '2^{-24}' at -24.0, graph 0.96 offset 0.6,0 tc rgb '#404040'
set arrow 2 from -14.0, graph 0 to -14.0, graph 1 nohead dt 2 lw 1.5 lc rgb '#404040'
set label 2 '2^{-14}' at -14.0, graph 0.96 offset 0.6,0 tc rgb '#404040'
set arrow 3 from 16.0, graph 0 to 16.0, graph 1 nohead dt 2 lw 1.5 lc rgb '#404040'
set label 3 '65504' at 16.0, graph 0.96 offset 0.6,0 tc rgb '#404040'
set arrow 4 from -40.0, graph 0 to -40.0, graph 1 nohead dt 2 lw 1.5 lc rgb '#404040'
set label 4 '2^{-40}' at -40.0, graph 0.96 offset 0.6,0 tc rgb '#404040'
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'gradient-census.png'
plot 'gradient-census.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'weight gradients', \
     'gradient-census.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'activation gradients'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'gradient-census.svg'
plot 'gradient-census.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'weight gradients', \
     'gradient-census.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'activation gradients'
unset output
