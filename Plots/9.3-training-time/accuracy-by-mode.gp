# 9.3 如何优化大模型训练时间？：混合精度：各模式的测试准确率（每个种子一个点）
# Re-render by hand in this folder: gnuplot accuracy-by-mode.gp  (reads accuracy-by-mode.dat)
set encoding utf8
set datafile missing 'NaN'
set title '9.3 如何优化大模型训练时间？：混合精度：各模式的测试准确率（每个种子一个点）'
set xlabel 'mode (1 = FP32, in the order of the legend)'
set ylabel 'test accuracy (%)'
set grid lc rgb '#e0e0e0'
set key outside box opaque
set xrange [0.5:4.5]
set xtics 1.0
set yrange [90.41:92.02]
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'accuracy-by-mode.png'
plot 'accuracy-by-mode.dat' index 0 using 1:2 with points pt 7 ps 0.8 lc rgb '#1f77b4' title 'FP32', \
     'accuracy-by-mode.dat' index 1 using 1:2 with points pt 7 ps 0.8 lc rgb '#d62728' title 'BF16', \
     'accuracy-by-mode.dat' index 2 using 1:2 with points pt 7 ps 0.8 lc rgb '#2ca02c' title 'FP16 unscaled', \
     'accuracy-by-mode.dat' index 3 using 1:2 with points pt 7 ps 0.8 lc rgb '#ff7f0e' title 'FP16 dynamic scale'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'accuracy-by-mode.svg'
plot 'accuracy-by-mode.dat' index 0 using 1:2 with points pt 7 ps 0.8 lc rgb '#1f77b4' title 'FP32', \
     'accuracy-by-mode.dat' index 1 using 1:2 with points pt 7 ps 0.8 lc rgb '#d62728' title 'BF16', \
     'accuracy-by-mode.dat' index 2 using 1:2 with points pt 7 ps 0.8 lc rgb '#2ca02c' title 'FP16 unscaled', \
     'accuracy-by-mode.dat' index 3 using 1:2 with points pt 7 ps 0.8 lc rgb '#ff7f0e' title 'FP16 dynamic scale'
unset output
