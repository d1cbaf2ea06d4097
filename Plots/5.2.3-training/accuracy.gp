# 5.2.3 模型训练：每个 epoch 后的验证集与测试集准确率
# Re-render by hand in this folder: gnuplot accuracy.gp  (reads accuracy.dat)
set encoding utf8
set datafile missing 'NaN'
set title '5.2.3 模型训练：每个 epoch 后的验证集与测试集准确率'
set xlabel 'epoch'
set ylabel 'accuracy (%)'
set grid lc rgb '#e0e0e0'
set key bottom right box opaque
set xrange [0.0:10.2]
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'accuracy.png'
plot 'accuracy.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'validation (last 5,000 training images)', \
     'accuracy.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'test'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'accuracy.svg'
plot 'accuracy.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'validation (last 5,000 training images)', \
     'accuracy.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'test'
unset output
