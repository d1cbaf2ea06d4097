# Training step: ours / PyTorch, one dot per round
# Re-render by hand in this folder: gnuplot ratio-to-pytorch.gp  (reads ratio-to-pytorch.dat)
set encoding utf8
set datafile missing 'NaN'
set title 'Training step: ours / PyTorch, one dot per round'
set xlabel 'model and thread count'
set ylabel 'images/s, ours / PyTorch'
set grid lc rgb '#e0e0e0'
set key top right box opaque
set xrange [0.0:5.0]
set arrow 1 from graph 0, first 1.2 to graph 1, first 1.2 nohead dt 3 lw 1.5 lc rgb '#404040'
set label 1 'target 1.2×' at graph 0.01, first 1.2 offset 0,0.7 tc rgb '#404040'
set arrow 2 from graph 0, first 1.0 to graph 1, first 1.0 nohead dt 3 lw 1.5 lc rgb '#404040'
set label 2 'equal' at graph 0.01, first 1.0 offset 0,0.7 tc rgb '#404040'
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'ratio-to-pytorch.png'
plot 'ratio-to-pytorch.dat' index 0 using 1:2 with points pt 7 ps 0.8 lc rgb '#1f77b4' title 'cnn, 1 thread(s): median 1.44×', \
     'ratio-to-pytorch.dat' index 1 using 1:2 with points pt 7 ps 0.8 lc rgb '#d62728' title 'cnn, 2 thread(s): median 1.15×', \
     'ratio-to-pytorch.dat' index 2 using 1:2 with points pt 7 ps 0.8 lc rgb '#2ca02c' title 'resnet, 1 thread(s): median 0.88×', \
     'ratio-to-pytorch.dat' index 3 using 1:2 with points pt 7 ps 0.8 lc rgb '#ff7f0e' title 'resnet, 2 thread(s): median 0.86×'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'ratio-to-pytorch.svg'
plot 'ratio-to-pytorch.dat' index 0 using 1:2 with points pt 7 ps 0.8 lc rgb '#1f77b4' title 'cnn, 1 thread(s): median 1.44×', \
     'ratio-to-pytorch.dat' index 1 using 1:2 with points pt 7 ps 0.8 lc rgb '#d62728' title 'cnn, 2 thread(s): median 1.15×', \
     'ratio-to-pytorch.dat' index 2 using 1:2 with points pt 7 ps 0.8 lc rgb '#2ca02c' title 'resnet, 1 thread(s): median 0.88×', \
     'ratio-to-pytorch.dat' index 3 using 1:2 with points pt 7 ps 0.8 lc rgb '#ff7f0e' title 'resnet, 2 thread(s): median 0.86×'
unset output
