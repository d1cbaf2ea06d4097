# 5.2.3 模型训练：相同随机数下两个引擎每个 epoch 的测试准确率
# Re-render by hand in this folder: gnuplot same-draws-epochs.gp  (reads same-draws-epochs.dat)
set encoding utf8
set datafile missing 'NaN'
set title '5.2.3 模型训练：相同随机数下两个引擎每个 epoch 的测试准确率'
set xlabel 'epoch'
set ylabel 'test accuracy (%)'
set grid lc rgb '#e0e0e0'
set key bottom right box opaque
set xrange [0.8:10.2]
set xtics 1.0
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'same-draws-epochs.png'
plot 'same-draws-epochs.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'seed 0, workbook', \
     'same-draws-epochs.dat' index 1 using 1:2 with lines lw 2 dt 2 lc rgb '#d62728' title 'seed 0, PyTorch', \
     'same-draws-epochs.dat' index 2 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#2ca02c' title 'seed 1, workbook', \
     'same-draws-epochs.dat' index 3 using 1:2 with lines lw 2 dt 2 lc rgb '#ff7f0e' title 'seed 1, PyTorch', \
     'same-draws-epochs.dat' index 4 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#9467bd' title 'seed 2, workbook', \
     'same-draws-epochs.dat' index 5 using 1:2 with lines lw 2 dt 2 lc rgb '#8c564b' title 'seed 2, PyTorch', \
     'same-draws-epochs.dat' index 6 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#e377c2' title 'seed 3, workbook', \
     'same-draws-epochs.dat' index 7 using 1:2 with lines lw 2 dt 2 lc rgb '#17becf' title 'seed 3, PyTorch', \
     'same-draws-epochs.dat' index 8 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#7f7f7f' title 'seed 4, workbook', \
     'same-draws-epochs.dat' index 9 using 1:2 with lines lw 2 dt 2 lc rgb '#bcbd22' title 'seed 4, PyTorch', \
     'same-draws-epochs.dat' index 10 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'seed 5, workbook', \
     'same-draws-epochs.dat' index 11 using 1:2 with lines lw 2 dt 2 lc rgb '#d62728' title 'seed 5, PyTorch', \
     'same-draws-epochs.dat' index 12 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#2ca02c' title 'seed 6, workbook', \
     'same-draws-epochs.dat' index 13 using 1:2 with lines lw 2 dt 2 lc rgb '#ff7f0e' title 'seed 6, PyTorch'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'same-draws-epochs.svg'
plot 'same-draws-epochs.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'seed 0, workbook', \
     'same-draws-epochs.dat' index 1 using 1:2 with lines lw 2 dt 2 lc rgb '#d62728' title 'seed 0, PyTorch', \
     'same-draws-epochs.dat' index 2 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#2ca02c' title 'seed 1, workbook', \
     'same-draws-epochs.dat' index 3 using 1:2 with lines lw 2 dt 2 lc rgb '#ff7f0e' title 'seed 1, PyTorch', \
     'same-draws-epochs.dat' index 4 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#9467bd' title 'seed 2, workbook', \
     'same-draws-epochs.dat' index 5 using 1:2 with lines lw 2 dt 2 lc rgb '#8c564b' title 'seed 2, PyTorch', \
     'same-draws-epochs.dat' index 6 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#e377c2' title 'seed 3, workbook', \
     'same-draws-epochs.dat' index 7 using 1:2 with lines lw 2 dt 2 lc rgb '#17becf' title 'seed 3, PyTorch', \
     'same-draws-epochs.dat' index 8 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#7f7f7f' title 'seed 4, workbook', \
     'same-draws-epochs.dat' index 9 using 1:2 with lines lw 2 dt 2 lc rgb '#bcbd22' title 'seed 4, PyTorch', \
     'same-draws-epochs.dat' index 10 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'seed 5, workbook', \
     'same-draws-epochs.dat' index 11 using 1:2 with lines lw 2 dt 2 lc rgb '#d62728' title 'seed 5, PyTorch', \
     'same-draws-epochs.dat' index 12 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#2ca02c' title 'seed 6, workbook', \
     'same-draws-epochs.dat' index 13 using 1:2 with lines lw 2 dt 2 lc rgb '#ff7f0e' title 'seed 6, PyTorch'
unset output
