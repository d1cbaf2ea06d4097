# 9.3 如何优化大模型训练时间？：早停：验证曲线、停止点与恢复的最佳轮次
# Re-render by hand in this folder: gnuplot early-stopping.gp  (reads early-stopping.dat)
set encoding utf8
set datafile missing 'NaN'
set title '9.3 如何优化大模型训练时间？：早停：验证曲线、停止点与恢复的最佳轮次'
set xlabel 'epoch'
set ylabel 'error (%)'
set grid lc rgb '#e0e0e0'
set key bottom left box opaque
set xtics 1.0
set arrow 1 from 6.0, graph 0 to 6.0, graph 1 nohead dt 2 lw 1.5 lc rgb '#404040'
set label 1 'restored: epoch 6' at 6.0, graph 0.96 offset 0.6,0 tc rgb '#404040'
set arrow 2 from 8.0, graph 0 to 8.0, graph 1 nohead dt 2 lw 1.5 lc rgb '#404040'
set label 2 'stops after epoch 8' at 8.0, graph 0.96 offset 0.6,0 tc rgb '#404040'
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'early-stopping.png'
plot 'early-stopping.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title '§5.2.3 seed 0: validation error (%)', \
     'early-stopping.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'test error (%)'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'early-stopping.svg'
plot 'early-stopping.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title '§5.2.3 seed 0: validation error (%)', \
     'early-stopping.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'test error (%)'
unset output
