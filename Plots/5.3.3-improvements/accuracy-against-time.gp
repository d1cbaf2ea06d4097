# 5.3.3 改进措施：测试集准确率与训练时间（各行的种子平均，每个 epoch 一点）
# Re-render by hand in this folder: gnuplot accuracy-against-time.gp  (reads accuracy-against-time.dat)
set encoding utf8
set datafile missing 'NaN'
set title '5.3.3 改进措施：测试集准确率与训练时间（各行的种子平均，每个 epoch 一点）'
set xlabel 'training time (minutes, 2 cores)'
set ylabel 'test accuracy (%)'
set grid lc rgb '#e0e0e0'
set key bottom right box opaque
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'accuracy-against-time.png'
plot 'accuracy-against-time.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'baseline', \
     'accuracy-against-time.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'cnn-aug', \
     'accuracy-against-time.dat' index 2 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#2ca02c' title 'best', \
     'accuracy-against-time.dat' index 3 using 1:2 with points pt 7 ps 0.8 lc rgb '#ff7f0e' title 'PyTorch, final (mean)'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'accuracy-against-time.svg'
plot 'accuracy-against-time.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'baseline', \
     'accuracy-against-time.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'cnn-aug', \
     'accuracy-against-time.dat' index 2 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#2ca02c' title 'best', \
     'accuracy-against-time.dat' index 3 using 1:2 with points pt 7 ps 0.8 lc rgb '#ff7f0e' title 'PyTorch, final (mean)'
unset output
