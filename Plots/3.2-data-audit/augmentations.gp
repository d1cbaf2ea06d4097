# 3.2 数据预处理：数据增强预览：随机裁剪、水平翻转、旋转（每行 5 次抽样）
# Re-render by hand in this folder: gnuplot augmentations.gp  (reads augmentations.dat)
set encoding utf8
set datafile missing 'NaN'
set palette gray
unset colorbox
unset tics
unset key
set size ratio -1
unset border
set terminal pngcairo size 900,560 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'augmentations.png'
set multiplot layout 3,6 title '3.2 数据预处理：数据增强预览：随机裁剪、水平翻转、旋转（每行 5 次抽样）'
set title 'original #0'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 0 using 1:2:3 with image
set title 'RandomCrop(28, padding 4)'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 1 using 1:2:3 with image
set title ''
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 2 using 1:2:3 with image
set title ''
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 3 using 1:2:3 with image
set title ''
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 4 using 1:2:3 with image
set title ''
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 5 using 1:2:3 with image
set title ''
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 6 using 1:2:3 with image
set title 'RandomHorizontalFlip'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 7 using 1:2:3 with image
set title ''
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 8 using 1:2:3 with image
set title ''
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 9 using 1:2:3 with image
set title ''
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 10 using 1:2:3 with image
set title ''
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 11 using 1:2:3 with image
set title ''
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 12 using 1:2:3 with image
set title 'RandomRotation(15°)'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 13 using 1:2:3 with image
set title ''
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 14 using 1:2:3 with image
set title ''
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 15 using 1:2:3 with image
set title ''
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 16 using 1:2:3 with image
set title ''
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 17 using 1:2:3 with image
unset multiplot
unset output
set terminal svg size 900,560 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'augmentations.svg'
set multiplot layout 3,6 title '3.2 数据预处理：数据增强预览：随机裁剪、水平翻转、旋转（每行 5 次抽样）'
set title 'original #0'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 0 using 1:2:3 with image
set title 'RandomCrop(28, padding 4)'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 1 using 1:2:3 with image
set title ''
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 2 using 1:2:3 with image
set title ''
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 3 using 1:2:3 with image
set title ''
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 4 using 1:2:3 with image
set title ''
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 5 using 1:2:3 with image
set title ''
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 6 using 1:2:3 with image
set title 'RandomHorizontalFlip'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 7 using 1:2:3 with image
set title ''
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 8 using 1:2:3 with image
set title ''
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 9 using 1:2:3 with image
set title ''
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 10 using 1:2:3 with image
set title ''
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 11 using 1:2:3 with image
set title ''
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 12 using 1:2:3 with image
set title 'RandomRotation(15°)'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 13 using 1:2:3 with image
set title ''
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 14 using 1:2:3 with image
set title ''
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 15 using 1:2:3 with image
set title ''
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 16 using 1:2:3 with image
set title ''
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'augmentations.dat' index 17 using 1:2:3 with image
unset multiplot
unset output
