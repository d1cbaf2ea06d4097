# 4.4 损失函数（Loss Function）：同一分类器、同一错误起点：测试准确率（Trouser vs Bag）
# Re-render by hand in this folder: gnuplot race-accuracy-per-epoch.gp  (reads race-accuracy-per-epoch.dat)
set encoding utf8
set datafile missing 'NaN'
set title '4.4 损失函数（Loss Function）：同一分类器、同一错误起点：测试准确率（Trouser vs Bag）'
set xlabel 'epoch'
set ylabel 'test accuracy (%)'
set grid lc rgb '#e0e0e0'
set key bottom right box opaque
set yrange [0.0:100.0]
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'race-accuracy-per-epoch.png'
plot 'race-accuracy-per-epoch.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'BCE loss', \
     'race-accuracy-per-epoch.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'MSE loss'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'race-accuracy-per-epoch.svg'
plot 'race-accuracy-per-epoch.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'BCE loss', \
     'race-accuracy-per-epoch.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'MSE loss'
unset output
