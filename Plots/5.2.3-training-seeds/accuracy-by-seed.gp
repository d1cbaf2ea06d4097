# 5.2.3 模型训练：各随机种子的测试准确率（两个引擎）
# Re-render by hand in this folder: gnuplot accuracy-by-seed.gp  (reads accuracy-by-seed.dat)
set encoding utf8
set datafile missing 'NaN'
set title '5.2.3 模型训练：各随机种子的测试准确率（两个引擎）'
set xlabel 'seed'
set ylabel 'test accuracy after 10 epochs (%)'
set grid lc rgb '#e0e0e0'
set key bottom right box opaque
set xrange [-0.5:9.5]
set xtics 1.0
set yrange [90.89000000000001:92.33]
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'accuracy-by-seed.png'
plot 'accuracy-by-seed.dat' index 0 using 1:2 with points pt 7 ps 0.8 lc rgb '#1f77b4' title 'workbook, workbook draws', \
     'accuracy-by-seed.dat' index 1 using 1:2 with points pt 7 ps 0.8 lc rgb '#d62728' title 'PyTorch, workbook draws', \
     'accuracy-by-seed.dat' index 2 using 1:2 with points pt 7 ps 0.8 lc rgb '#2ca02c' title 'PyTorch, torch draws'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'accuracy-by-seed.svg'
plot 'accuracy-by-seed.dat' index 0 using 1:2 with points pt 7 ps 0.8 lc rgb '#1f77b4' title 'workbook, workbook draws', \
     'accuracy-by-seed.dat' index 1 using 1:2 with points pt 7 ps 0.8 lc rgb '#d62728' title 'PyTorch, workbook draws', \
     'accuracy-by-seed.dat' index 2 using 1:2 with points pt 7 ps 0.8 lc rgb '#2ca02c' title 'PyTorch, torch draws'
unset output
