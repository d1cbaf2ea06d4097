# 4.4 损失函数（Loss Function）：训练损失（每个模型用自己的损失）
# Re-render by hand in this folder: gnuplot race-loss-per-epoch.gp  (reads race-loss-per-epoch.dat)
set encoding utf8
set datafile missing 'NaN'
set title '4.4 损失函数（Loss Function）：训练损失（每个模型用自己的损失）'
set xlabel 'epoch'
set ylabel 'training loss'
set grid lc rgb '#e0e0e0'
set key top right box opaque
set logscale y
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'race-loss-per-epoch.png'
plot 'race-loss-per-epoch.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'BCE run: mean BCE', \
     'race-loss-per-epoch.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'MSE run: mean (σ(z) − y)²', \
     'race-loss-per-epoch.dat' index 2 using 1:2 with lines lw 2 dt 2 lc rgb '#2ca02c' title 'MSE run, measured in BCE'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'race-loss-per-epoch.svg'
plot 'race-loss-per-epoch.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'BCE run: mean BCE', \
     'race-loss-per-epoch.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'MSE run: mean (σ(z) − y)²', \
     'race-loss-per-epoch.dat' index 2 using 1:2 with lines lw 2 dt 2 lc rgb '#2ca02c' title 'MSE run, measured in BCE'
unset output
