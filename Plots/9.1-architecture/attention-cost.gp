# 9.1 如何选择合适的大模型架构？：一个 Transformer 块的训练时间与 token 数（相对 T = 50）
# Re-render by hand in this folder: gnuplot attention-cost.gp  (reads attention-cost.dat)
set encoding utf8
set datafile missing 'NaN'
set title '9.1 如何选择合适的大模型架构？：一个 Transformer 块的训练时间与 token 数（相对 T = 50）'
set xlabel 'tokens T (patch 7, 4, 2 and the class token; log scale)'
set ylabel 'relative to T = 50 (log scale)'
set grid lc rgb '#e0e0e0'
set key top left box opaque
set logscale x
set format x '10^{%L}'
set xrange [12.0:280.0]
set logscale y
set format y '10^{%L}'
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'attention-cost.png'
plot 'attention-cost.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'measured forward + backward', \
     'attention-cost.dat' index 1 using 1:2 with lines lw 2 dt 2 lc rgb '#d62728' title 'formula 3·(24·T·C² + 4·T²·C)', \
     'attention-cost.dat' index 2 using 1:2 with lines lw 2 dt 2 lc rgb '#2ca02c' title 'linear term alone, ∝ T'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'attention-cost.svg'
plot 'attention-cost.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'measured forward + backward', \
     'attention-cost.dat' index 1 using 1:2 with lines lw 2 dt 2 lc rgb '#d62728' title 'formula 3·(24·T·C² + 4·T²·C)', \
     'attention-cost.dat' index 2 using 1:2 with lines lw 2 dt 2 lc rgb '#2ca02c' title 'linear term alone, ∝ T'
unset output
