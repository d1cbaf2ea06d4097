# 9.4 大模型如何保证公平性？：Trouser 只保留部分训练样本：该类召回率与保留比例
# Re-render by hand in this folder: gnuplot rare-recall-trouser.gp  (reads rare-recall-trouser.dat)
set encoding utf8
set datafile missing 'NaN'
set title '9.4 大模型如何保证公平性？：Trouser 只保留部分训练样本：该类召回率与保留比例'
set xlabel 'share of the Trouser fit images kept (log scale)'
set ylabel 'Trouser test recall (%), mean over seeds 0, 1, 2'
set grid lc rgb '#e0e0e0'
set key outside box opaque
set logscale x
set format x '10^{%L}'
set xrange [1.4000000000000001:28.0]
set xtics ('2%%' 2.0, '5%%' 5.0, '20%%' 20.0)
set yrange [0.0:100.0]
set arrow 1 from graph 0, first 97.83333333333334 to graph 1, first 97.83333333333334 nohead dt 3 lw 1.5 lc rgb '#404040'
set label 1 'all Trouser images: 97.8%' at graph 0.01, first 97.83333333333334 offset 0,0.7 tc rgb '#404040'
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'rare-recall-trouser.png'
plot 'rare-recall-trouser.dat' index 0 using 1:2 with lines lw 2 dt 2 lc rgb '#1f77b4' title 'plain (before)', \
     'rare-recall-trouser.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'weighted cross-entropy', \
     'rare-recall-trouser.dat' index 2 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#2ca02c' title 'oversampling', \
     'rare-recall-trouser.dat' index 3 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#ff7f0e' title 'logit adjustment, τ = 1', \
     'rare-recall-trouser.dat' index 4 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#9467bd' title 'logit adjustment, τ on validation'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'rare-recall-trouser.svg'
plot 'rare-recall-trouser.dat' index 0 using 1:2 with lines lw 2 dt 2 lc rgb '#1f77b4' title 'plain (before)', \
     'rare-recall-trouser.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'weighted cross-entropy', \
     'rare-recall-trouser.dat' index 2 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#2ca02c' title 'oversampling', \
     'rare-recall-trouser.dat' index 3 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#ff7f0e' title 'logit adjustment, τ = 1', \
     'rare-recall-trouser.dat' index 4 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#9467bd' title 'logit adjustment, τ on validation'
unset output
