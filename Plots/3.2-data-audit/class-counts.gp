# 3.2 数据预处理：每个类别的图像数
# Re-render by hand in this folder: gnuplot class-counts.gp  (reads class-counts.dat)
set encoding utf8
set datafile missing 'NaN'
set title '3.2 数据预处理：每个类别的图像数'
set xlabel 'class (0 T-shirt/top … 9 Ankle boot)'
set ylabel 'images'
set grid lc rgb '#e0e0e0'
set key outside box opaque
set xrange [-0.5:9.5]
set yrange [0.0:7000.0]
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'class-counts.png'
plot 'class-counts.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'train', \
     'class-counts.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'fit (first 55000)', \
     'class-counts.dat' index 2 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#2ca02c' title 'validation (last 5000)', \
     'class-counts.dat' index 3 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#ff7f0e' title 'test'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'class-counts.svg'
plot 'class-counts.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'train', \
     'class-counts.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'fit (first 55000)', \
     'class-counts.dat' index 2 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#2ca02c' title 'validation (last 5000)', \
     'class-counts.dat' index 3 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#ff7f0e' title 'test'
unset output
