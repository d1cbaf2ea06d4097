# 5.2.3 模型训练：相同随机数下两个引擎每个 epoch 的测试准确率之差
# Re-render by hand in this folder: gnuplot same-draws-epochs.gp  (reads same-draws-epochs.dat)
set encoding utf8
set datafile missing 'NaN'
set title '5.2.3 模型训练：相同随机数下两个引擎每个 epoch 的测试准确率之差'
set xlabel 'epoch'
set ylabel 'workbook − PyTorch, test accuracy (points)'
set grid lc rgb '#e0e0e0'
set key bottom left box opaque
set xrange [0.6:10.4]
set xtics 1.0
set yrange [-1.0:1.0]
set arrow 1 from graph 0, first 0.0 to graph 1, first 0.0 nohead dt 3 lw 1.5 lc rgb '#404040'
set label 1 '' at graph 0.01, first 0.0 offset 0,0.7 tc rgb '#404040'
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'same-draws-epochs.png'
plot 'same-draws-epochs.dat' index 0 using 1:2 with points pt 7 ps 0.8 lc rgb '#1f77b4' title 'a point per seed (0, 1, 2, 3, 4, 5, 6)', \
     'same-draws-epochs.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'mean over the 7 seeds'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'same-draws-epochs.svg'
plot 'same-draws-epochs.dat' index 0 using 1:2 with points pt 7 ps 0.8 lc rgb '#1f77b4' title 'a point per seed (0, 1, 2, 3, 4, 5, 6)', \
     'same-draws-epochs.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'mean over the 7 seeds'
unset output
