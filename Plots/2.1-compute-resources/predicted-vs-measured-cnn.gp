# 2.1 计算资源：每层训练时间：预测与实测（article CNN, 1×28×28，batch 64，1 线程）
# Re-render by hand in this folder: gnuplot predicted-vs-measured-cnn.gp  (reads predicted-vs-measured-cnn.dat)
set encoding utf8
set datafile missing 'NaN'
set title '2.1 计算资源：每层训练时间：预测与实测（article CNN, 1×28×28，batch 64，1 线程）'
set xlabel 'ms per training step (log scale)'
set ylabel ''
set grid lc rgb '#e0e0e0'
set key bottom right box opaque
set logscale x
set format x '10^{%L}'
set yrange [23.5:-0.5]
set ytics ('conv1' 0, '' 1, 'pool1' 2, '' 3, 'relu1' 4, '' 5, 'conv2' 6, '' 7, 'pool2' 8, '' 9, 'relu2' 10, '' 11, 'flatten' 12, '' 13, 'fc1' 14, '' 15, 'relu3' 16, '' 17, 'fc2' 18, '' 19, 'loss' 20, '' 21, 'optimizer' 22, '' 23)
set grid noytics
set terminal pngcairo size 960,672 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'predicted-vs-measured-cnn.png'
plot 'predicted-vs-measured-cnn.dat' index 0 using (($1 + $2) / 2):3:1:2:($3 - 0.35):($3 + 0.35) with boxxyerror fill solid 0.85 noborder lc rgb '#1f77b4' title 'predicted (GEMM speed + bytes / bandwidth)', \
     'predicted-vs-measured-cnn.dat' index 1 using (($1 + $2) / 2):3:1:2:($3 - 0.35):($3 + 0.35) with boxxyerror fill solid 0.85 noborder lc rgb '#d62728' title 'measured'
unset output
set terminal svg size 960,672 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'predicted-vs-measured-cnn.svg'
plot 'predicted-vs-measured-cnn.dat' index 0 using (($1 + $2) / 2):3:1:2:($3 - 0.35):($3 + 0.35) with boxxyerror fill solid 0.85 noborder lc rgb '#1f77b4' title 'predicted (GEMM speed + bytes / bandwidth)', \
     'predicted-vs-measured-cnn.dat' index 1 using (($1 + $2) / 2):3:1:2:($3 - 0.35):($3 + 0.35) with boxxyerror fill solid 0.85 noborder lc rgb '#d62728' title 'measured'
unset output
