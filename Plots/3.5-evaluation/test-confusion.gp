# 3.5 评估过程：训练后 CNN 在测试集上的混淆矩阵
# Re-render by hand in this folder: gnuplot test-confusion.gp  (reads test-confusion.dat)
set encoding utf8
set datafile missing 'NaN'
set title '3.5 评估过程：训练后 CNN 在测试集上的混淆矩阵'
set xlabel 'predicted class'
set ylabel 'true class'
set xrange [-0.5:9.5]
set yrange [9.5:-0.5]
set xtics ('T-shirt/top' 0, 'Trouser' 1, 'Pullover' 2, 'Dress' 3, 'Coat' 4, 'Sandal' 5, 'Shirt' 6, 'Sneaker' 7, 'Bag' 8, 'Ankle boot' 9) rotate by 30 right
set ytics ('T-shirt/top' 0, 'Trouser' 1, 'Pullover' 2, 'Dress' 3, 'Coat' 4, 'Sandal' 5, 'Shirt' 6, 'Sneaker' 7, 'Bag' 8, 'Ankle boot' 9)
set palette defined (0 '#ffffff', 1 '#1f4e79')
set cbrange [0.0:990.0]
set size ratio -1
unset key
set terminal pngcairo size 900,820 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'test-confusion.png'
plot 'test-confusion.dat' index 0 using 1:2:3 with image, \
     '' index 0 using 1:2:(sprintf('%g', $3)):4 with labels tc rgb variable
unset output
set terminal svg size 900,820 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'test-confusion.svg'
plot 'test-confusion.dat' index 0 using 1:2:3 with image, \
     '' index 0 using 1:2:(sprintf('%g', $3)):4 with labels tc rgb variable
unset output
