# 9.3 如何优化大模型训练时间？：数据增强不会缩短训练：验证准确率与训练时间
# Re-render by hand in this folder: gnuplot augmentation-time.gp  (reads augmentation-time.dat)
set encoding utf8
set datafile missing 'NaN'
set title '9.3 如何优化大模型训练时间？：数据增强不会缩短训练：验证准确率与训练时间'
set xlabel 'training time (minutes)'
set ylabel 'validation accuracy (%)'
set grid lc rgb '#e0e0e0'
set key bottom right box opaque
set arrow 1 from graph 0, first 91.0 to graph 1, first 91.0 nohead dt 3 lw 1.5 lc rgb '#404040'
set label 1 'target 91%' at graph 0.01, first 91.0 offset 0,0.7 tc rgb '#404040'
set arrow 2 from graph 0, first 92.0 to graph 1, first 92.0 nohead dt 3 lw 1.5 lc rgb '#404040'
set label 2 'target 92%' at graph 0.01, first 92.0 offset 0,0.7 tc rgb '#404040'
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'augmentation-time.png'
plot 'augmentation-time.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'baseline seed 0', \
     'augmentation-time.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'cnn-aug seed 0'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'augmentation-time.svg'
plot 'augmentation-time.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'baseline seed 0', \
     'augmentation-time.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'cnn-aug seed 0'
unset output
