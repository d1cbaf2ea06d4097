# 5.3.3 改进措施：学习率 × 批量大小（基线，3 个 epoch，测试集准确率 %）
# Re-render by hand in this folder: gnuplot lr-batch-grid.gp  (reads lr-batch-grid.dat)
set encoding utf8
set datafile missing 'NaN'
set title '5.3.3 改进措施：学习率 × 批量大小（基线，3 个 epoch，测试集准确率 %）'
set xlabel 'batch size'
set ylabel 'learning rate (Adam)'
set xrange [-0.5:3.5]
set yrange [2.5:-0.5]
set xtics ('batch 32' 0, 'batch 64' 1, 'batch 128' 2, 'batch 256' 3) rotate by 30 right
set ytics ('lr 0.0003' 0, 'lr 0.001' 1, 'lr 0.003' 2)
set palette defined (0 '#ffffff', 1 '#1f4e79')
set cbrange [88.33:91.43]
set size ratio -1
unset key
set terminal pngcairo size 820,520 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'lr-batch-grid.png'
plot 'lr-batch-grid.dat' index 0 using 1:2:3 with image, \
     '' index 0 using 1:2:(sprintf('%g', $3)):4 with labels tc rgb variable
unset output
set terminal svg size 820,520 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'lr-batch-grid.svg'
plot 'lr-batch-grid.dat' index 0 using 1:2:3 with image, \
     '' index 0 using 1:2:(sprintf('%g', $3)):4 with labels tc rgb variable
unset output
