# Every GEMM of a training step at 1 thread (raw sgemm from OpenBLAS)
# Re-render by hand in this folder: gnuplot gemm-speed.gp  (reads gemm-speed.dat)
set encoding utf8
set datafile missing 'NaN'
set title 'Every GEMM of a training step at 1 thread (raw sgemm from OpenBLAS)'
set xlabel 'MFLOP of the shape per step'
set ylabel 'GFLOP/s'
set grid lc rgb '#e0e0e0'
set key top right box opaque
set logscale x
set format x '10^{%L}'
set yrange [0.0:104.16456798324936]
set arrow 1 from graph 0, first 94.69506180295396 to graph 1, first 94.69506180295396 nohead dt 3 lw 1.5 lc rgb '#404040'
set label 1 'FMA peak, 1 core' at graph 0.01, first 94.69506180295396 offset 0,0.7 tc rgb '#404040'
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'gemm-speed.png'
plot 'gemm-speed.dat' index 0 using 1:2 with points pt 7 ps 0.8 lc rgb '#1f77b4' title 'cnn', \
     'gemm-speed.dat' index 1 using 1:2 with points pt 7 ps 0.8 lc rgb '#d62728' title 'resnet'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'gemm-speed.svg'
plot 'gemm-speed.dat' index 0 using 1:2 with points pt 7 ps 0.8 lc rgb '#1f77b4' title 'cnn', \
     'gemm-speed.dat' index 1 using 1:2 with points pt 7 ps 0.8 lc rgb '#d62728' title 'resnet'
unset output
