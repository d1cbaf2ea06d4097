# 5.3.3 改进措施：数据并行与单进程：各随机种子的测试准确率
# Re-render by hand in this folder: gnuplot accuracy-by-seed.gp  (reads accuracy-by-seed.dat)
set encoding utf8
set datafile missing 'NaN'
set title '5.3.3 改进措施：数据并行与单进程：各随机种子的测试准确率'
set xlabel 'seed'
set ylabel 'test accuracy after 10 epochs (%)'
set grid lc rgb '#e0e0e0'
set key bottom right box opaque
set xrange [-0.5:9.5]
set xtics 1.0
set yrange [90.89000000000001:92.47999999999999]
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'accuracy-by-seed.png'
plot 'accuracy-by-seed.dat' index 0 using 1:2 with points pt 7 ps 0.8 lc rgb '#1f77b4' title '1 process', \
     'accuracy-by-seed.dat' index 1 using 1:2 with lines lw 2 dt 2 lc rgb '#d62728' title '1 process: mean', \
     'accuracy-by-seed.dat' index 2 using 1:2 with points pt 7 ps 0.8 lc rgb '#2ca02c' title '2 ranks', \
     'accuracy-by-seed.dat' index 3 using 1:2 with lines lw 2 dt 2 lc rgb '#ff7f0e' title '2 ranks: mean'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'accuracy-by-seed.svg'
plot 'accuracy-by-seed.dat' index 0 using 1:2 with points pt 7 ps 0.8 lc rgb '#1f77b4' title '1 process', \
     'accuracy-by-seed.dat' index 1 using 1:2 with lines lw 2 dt 2 lc rgb '#d62728' title '1 process: mean', \
     'accuracy-by-seed.dat' index 2 using 1:2 with points pt 7 ps 0.8 lc rgb '#2ca02c' title '2 ranks', \
     'accuracy-by-seed.dat' index 3 using 1:2 with lines lw 2 dt 2 lc rgb '#ff7f0e' title '2 ranks: mean'
unset output
