# 3.5 评估过程：手算示例的混淆矩阵
# Re-render by hand in this folder: gnuplot worked-example-confusion.gp  (reads worked-example-confusion.dat)
set encoding utf8
set datafile missing 'NaN'
set title '3.5 评估过程：手算示例的混淆矩阵'
set xlabel 'predicted class'
set ylabel 'true class'
set xrange [-0.5:2.5]
set yrange [2.5:-0.5]
set xtics ('0' 0, '1' 1, '2' 2) rotate by 30 right
set ytics ('0' 0, '1' 1, '2' 2)
set palette defined (0 '#ffffff', 1 '#1f4e79')
set cbrange [0.0:2.0]
set size ratio -1
unset key
set terminal pngcairo size 900,820 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'worked-example-confusion.png'
plot 'worked-example-confusion.dat' index 0 using 1:2:3 with image, \
     '' index 0 using 1:2:(sprintf('%g', $3)):4 with labels tc rgb variable
unset output
set terminal svg size 900,820 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'worked-example-confusion.svg'
plot 'worked-example-confusion.dat' index 0 using 1:2:3 with image, \
     '' index 0 using 1:2:(sprintf('%g', $3)):4 with labels tc rgb variable
unset output
