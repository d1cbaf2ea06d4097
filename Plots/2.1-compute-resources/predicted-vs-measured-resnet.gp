# 2.1 计算资源：每层训练时间：预测与实测（small ResNet, 1×28×28，batch 64，1 线程）
# Re-render by hand in this folder: gnuplot predicted-vs-measured-resnet.gp  (reads predicted-vs-measured-resnet.dat)
set encoding utf8
set datafile missing 'NaN'
set title '2.1 计算资源：每层训练时间：预测与实测（small ResNet, 1×28×28，batch 64，1 线程）'
set xlabel 'ms per training step (log scale)'
set ylabel ''
set grid lc rgb '#e0e0e0'
set key bottom right box opaque
set logscale x
set format x '10^{%L}'
set yrange [27.5:-0.5]
set ytics ('conv1' 0, '' 1, 'bn1' 2, '' 3, 'relu' 4, '' 5, 'layer1.0' 6, '' 7, 'layer1.1' 8, '' 9, 'layer2.0' 10, '' 11, 'layer2.1' 12, '' 13, 'layer3.0' 14, '' 15, 'layer3.1' 16, '' 17, 'avgpool' 18, '' 19, 'flatten' 20, '' 21, 'fc' 22, '' 23, 'loss' 24, '' 25, 'optimizer' 26, '' 27)
set grid noytics
set terminal pngcairo size 960,784 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'predicted-vs-measured-resnet.png'
plot 'predicted-vs-measured-resnet.dat' index 0 using (($1 + $2) / 2):3:1:2:($3 - 0.35):($3 + 0.35) with boxxyerror fill solid 0.85 noborder lc rgb '#1f77b4' title 'predicted (GEMM speed + bytes / bandwidth)', \
     'predicted-vs-measured-resnet.dat' index 1 using (($1 + $2) / 2):3:1:2:($3 - 0.35):($3 + 0.35) with boxxyerror fill solid 0.85 noborder lc rgb '#d62728' title 'measured'
unset output
set terminal svg size 960,784 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'predicted-vs-measured-resnet.svg'
plot 'predicted-vs-measured-resnet.dat' index 0 using (($1 + $2) / 2):3:1:2:($3 - 0.35):($3 + 0.35) with boxxyerror fill solid 0.85 noborder lc rgb '#1f77b4' title 'predicted (GEMM speed + bytes / bandwidth)', \
     'predicted-vs-measured-resnet.dat' index 1 using (($1 + $2) / 2):3:1:2:($3 - 0.35):($3 + 0.35) with boxxyerror fill solid 0.85 noborder lc rgb '#d62728' title 'measured'
unset output
