# 5.3.3 改进措施：数据增强预览：随机裁剪（填充 2 / 4）、水平翻转、旋转 ±10°、随机擦除
# Re-render by hand in this folder: gnuplot augmentations.gp  (reads augmentations.dat)
set encoding utf8
set datafile missing 'NaN'
set palette gray
unset colorbox
unset tics
unset key
set size ratio -1
unset border
set terminal pngcairo size 900,820 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'augmentations.png'
set multiplot layout 5,6 title '5.3.3 改进措施：数据增强预览：随机裁剪（填充 2 / 4）、水平翻转、旋转 ±10°、随机擦除'
set title 'crop: before'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 0 using 1:2:3 with image
set title 'after'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 1 using 1:2:3 with image
set title 'before'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 2 using 1:2:3 with image
set title 'after'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 3 using 1:2:3 with image
set title 'before'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 4 using 1:2:3 with image
set title 'after'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 5 using 1:2:3 with image
set title 'crop4: before'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 6 using 1:2:3 with image
set title 'after'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 7 using 1:2:3 with image
set title 'before'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 8 using 1:2:3 with image
set title 'after'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 9 using 1:2:3 with image
set title 'before'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 10 using 1:2:3 with image
set title 'after'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 11 using 1:2:3 with image
set title 'flip: before'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 12 using 1:2:3 with image
set title 'after'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 13 using 1:2:3 with image
set title 'before'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 14 using 1:2:3 with image
set title 'after'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 15 using 1:2:3 with image
set title 'before'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 16 using 1:2:3 with image
set title 'after'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 17 using 1:2:3 with image
set title 'rotate: before'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 18 using 1:2:3 with image
set title 'after'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 19 using 1:2:3 with image
set title 'before'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 20 using 1:2:3 with image
set title 'after'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 21 using 1:2:3 with image
set title 'before'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 22 using 1:2:3 with image
set title 'after'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 23 using 1:2:3 with image
set title 'erase: before'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 24 using 1:2:3 with image
set title 'after'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 25 using 1:2:3 with image
set title 'before'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 26 using 1:2:3 with image
set title 'after'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 27 using 1:2:3 with image
set title 'before'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 28 using 1:2:3 with image
set title 'after'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 29 using 1:2:3 with image
unset multiplot
unset output
set terminal svg size 900,820 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'augmentations.svg'
set multiplot layout 5,6 title '5.3.3 改进措施：数据增强预览：随机裁剪（填充 2 / 4）、水平翻转、旋转 ±10°、随机擦除'
set title 'crop: before'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 0 using 1:2:3 with image
set title 'after'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 1 using 1:2:3 with image
set title 'before'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 2 using 1:2:3 with image
set title 'after'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 3 using 1:2:3 with image
set title 'before'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 4 using 1:2:3 with image
set title 'after'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 5 using 1:2:3 with image
set title 'crop4: before'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 6 using 1:2:3 with image
set title 'after'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 7 using 1:2:3 with image
set title 'before'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 8 using 1:2:3 with image
set title 'after'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 9 using 1:2:3 with image
set title 'before'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 10 using 1:2:3 with image
set title 'after'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 11 using 1:2:3 with image
set title 'flip: before'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 12 using 1:2:3 with image
set title 'after'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 13 using 1:2:3 with image
set title 'before'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 14 using 1:2:3 with image
set title 'after'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 15 using 1:2:3 with image
set title 'before'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 16 using 1:2:3 with image
set title 'after'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 17 using 1:2:3 with image
set title 'rotate: before'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 18 using 1:2:3 with image
set title 'after'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 19 using 1:2:3 with image
set title 'before'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 20 using 1:2:3 with image
set title 'after'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 21 using 1:2:3 with image
set title 'before'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 22 using 1:2:3 with image
set title 'after'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 23 using 1:2:3 with image
set title 'erase: before'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 24 using 1:2:3 with image
set title 'after'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 25 using 1:2:3 with image
set title 'before'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 26 using 1:2:3 with image
set title 'after'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 27 using 1:2:3 with image
set title 'before'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 28 using 1:2:3 with image
set title 'after'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 29 using 1:2:3 with image
unset multiplot
unset output
