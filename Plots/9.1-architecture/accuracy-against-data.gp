# 9.1 如何选择合适的大模型架构？：测试准确率与训练集大小（同等训练时间）
# Re-render by hand in this folder: gnuplot accuracy-against-data.gp  (reads accuracy-against-data.dat)
set encoding utf8
set datafile missing 'NaN'
set title '9.1 如何选择合适的大模型架构？：测试准确率与训练集大小（同等训练时间）'
set xlabel 'distinct fit images (log scale; each epoch 55,000 images)'
set ylabel 'test accuracy (%, mean over the seeds)'
set grid lc rgb '#e0e0e0'
set key bottom right box opaque
set logscale x
set format x '10^{%L}'
set xrange [700.0:77000.0]
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'accuracy-against-data.png'
plot 'accuracy-against-data.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'cnn', \
     'accuracy-against-data.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'resnet', \
     'accuracy-against-data.dat' index 2 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#2ca02c' title 'vit'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'accuracy-against-data.svg'
plot 'accuracy-against-data.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'cnn', \
     'accuracy-against-data.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'resnet', \
     'accuracy-against-data.dat' index 2 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#2ca02c' title 'vit'
unset output
