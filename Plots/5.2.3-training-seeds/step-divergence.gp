# 5.2.3 模型训练：相同随机数下两个引擎逐步损失的相对差
# Re-render by hand in this folder: gnuplot step-divergence.gp  (reads step-divergence.dat)
set encoding utf8
set datafile missing 'NaN'
set title '5.2.3 模型训练：相同随机数下两个引擎逐步损失的相对差'
set xlabel 'step of epoch 1'
set ylabel 'relative difference of the loss'
set grid lc rgb '#e0e0e0'
set key bottom right box opaque
set logscale y
set format y '10^{%L}'
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'step-divergence.png'
plot 'step-divergence.dat' index 0 using 1:2 with points pt 7 ps 0.8 lc rgb '#1f77b4' title 'seed 0: |workbook/PyTorch − 1|', \
     'step-divergence.dat' index 1 using 1:2 with points pt 7 ps 0.8 lc rgb '#d62728' title 'seed 1: |workbook/PyTorch − 1|'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'step-divergence.svg'
plot 'step-divergence.dat' index 0 using 1:2 with points pt 7 ps 0.8 lc rgb '#1f77b4' title 'seed 0: |workbook/PyTorch − 1|', \
     'step-divergence.dat' index 1 using 1:2 with points pt 7 ps 0.8 lc rgb '#d62728' title 'seed 1: |workbook/PyTorch − 1|'
unset output
