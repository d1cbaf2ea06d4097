# 9.3 如何优化大模型训练时间？：分布式训练：2 个 MPI 进程的加速比（引自 §5.3.3）
# Re-render by hand in this folder: gnuplot data-parallel-speedups.gp  (reads data-parallel-speedups.dat)
set encoding utf8
set datafile missing 'NaN'
set title '9.3 如何优化大模型训练时间？：分布式训练：2 个 MPI 进程的加速比（引自 §5.3.3）'
set xlabel ''
set ylabel 'speed-up of 2 ranks over 1'
set grid lc rgb '#e0e0e0'
set key bottom right box opaque
set boxwidth 0.6 absolute
set xrange [0.0:6.0]
set xtics ('1' 1.0, '2' 2.0, '3' 3.0, '4' 4.0, '5' 5.0)
set yrange [0.0:2.2]
set arrow 1 from graph 0, first 2.0 to graph 1, first 2.0 nohead dt 3 lw 1.5 lc rgb '#404040'
set label 1 'ideal: 2×' at graph 0.01, first 2.0 offset 0,0.7 tc rgb '#404040'
set arrow 2 from graph 0, first 1.69 to graph 1, first 1.69 nohead dt 3 lw 1.5 lc rgb '#404040'
set label 2 'this machine''s ceiling: 1.69×' at graph 0.01, first 1.69 offset 0,0.7 tc rgb '#404040'
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'data-parallel-speedups.png'
plot 'data-parallel-speedups.dat' index 0 using 1:2 with boxes fill solid 0.7 lc rgb '#1f77b4' title '1: CNN, round 1', \
     'data-parallel-speedups.dat' index 1 using 1:2 with boxes fill solid 0.7 lc rgb '#d62728' title '2: CNN, round 2', \
     'data-parallel-speedups.dat' index 2 using 1:2 with boxes fill solid 0.7 lc rgb '#2ca02c' title '3: CNN, round 1, all-reduce after backward', \
     'data-parallel-speedups.dat' index 3 using 1:2 with boxes fill solid 0.7 lc rgb '#ff7f0e' title '4: CNN, round 2, all-reduce after backward', \
     'data-parallel-speedups.dat' index 4 using 1:2 with boxes fill solid 0.7 lc rgb '#9467bd' title '5: ResNet'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'data-parallel-speedups.svg'
plot 'data-parallel-speedups.dat' index 0 using 1:2 with boxes fill solid 0.7 lc rgb '#1f77b4' title '1: CNN, round 1', \
     'data-parallel-speedups.dat' index 1 using 1:2 with boxes fill solid 0.7 lc rgb '#d62728' title '2: CNN, round 2', \
     'data-parallel-speedups.dat' index 2 using 1:2 with boxes fill solid 0.7 lc rgb '#2ca02c' title '3: CNN, round 1, all-reduce after backward', \
     'data-parallel-speedups.dat' index 3 using 1:2 with boxes fill solid 0.7 lc rgb '#ff7f0e' title '4: CNN, round 2, all-reduce after backward', \
     'data-parallel-speedups.dat' index 4 using 1:2 with boxes fill solid 0.7 lc rgb '#9467bd' title '5: ResNet'
unset output
