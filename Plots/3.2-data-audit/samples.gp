# 3.2 数据预处理：每个类别的前 6 张训练图像
# Re-render by hand in this folder: gnuplot samples.gp  (reads samples.dat)
set encoding utf8
set datafile missing 'NaN'
set palette gray
unset colorbox
unset tics
unset key
set size ratio -1
unset border
set terminal pngcairo size 720,1200 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'samples.png'
set multiplot layout 10,6 title '3.2 数据预处理：每个类别的前 6 张训练图像'
set title '0 T-shirt/top'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 0 using 1:2:3 with image
set title '#2'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 1 using 1:2:3 with image
set title '#4'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 2 using 1:2:3 with image
set title '#10'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 3 using 1:2:3 with image
set title '#17'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 4 using 1:2:3 with image
set title '#26'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 5 using 1:2:3 with image
set title '1 Trouser'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 6 using 1:2:3 with image
set title '#21'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 7 using 1:2:3 with image
set title '#38'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 8 using 1:2:3 with image
set title '#69'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 9 using 1:2:3 with image
set title '#71'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 10 using 1:2:3 with image
set title '#74'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 11 using 1:2:3 with image
set title '2 Pullover'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 12 using 1:2:3 with image
set title '#7'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 13 using 1:2:3 with image
set title '#27'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 14 using 1:2:3 with image
set title '#37'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 15 using 1:2:3 with image
set title '#45'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 16 using 1:2:3 with image
set title '#53'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 17 using 1:2:3 with image
set title '3 Dress'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 18 using 1:2:3 with image
set title '#20'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 19 using 1:2:3 with image
set title '#25'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 20 using 1:2:3 with image
set title '#31'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 21 using 1:2:3 with image
set title '#47'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 22 using 1:2:3 with image
set title '#49'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 23 using 1:2:3 with image
set title '4 Coat'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 24 using 1:2:3 with image
set title '#22'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 25 using 1:2:3 with image
set title '#24'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 26 using 1:2:3 with image
set title '#28'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 27 using 1:2:3 with image
set title '#29'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 28 using 1:2:3 with image
set title '#68'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 29 using 1:2:3 with image
set title '5 Sandal'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 30 using 1:2:3 with image
set title '#9'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 31 using 1:2:3 with image
set title '#12'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 32 using 1:2:3 with image
set title '#13'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 33 using 1:2:3 with image
set title '#30'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 34 using 1:2:3 with image
set title '#36'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 35 using 1:2:3 with image
set title '6 Shirt'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 36 using 1:2:3 with image
set title '#32'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 37 using 1:2:3 with image
set title '#33'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 38 using 1:2:3 with image
set title '#39'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 39 using 1:2:3 with image
set title '#40'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 40 using 1:2:3 with image
set title '#55'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 41 using 1:2:3 with image
set title '7 Sneaker'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 42 using 1:2:3 with image
set title '#14'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 43 using 1:2:3 with image
set title '#41'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 44 using 1:2:3 with image
set title '#46'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 45 using 1:2:3 with image
set title '#52'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 46 using 1:2:3 with image
set title '#83'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 47 using 1:2:3 with image
set title '8 Bag'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 48 using 1:2:3 with image
set title '#35'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 49 using 1:2:3 with image
set title '#57'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 50 using 1:2:3 with image
set title '#99'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 51 using 1:2:3 with image
set title '#100'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 52 using 1:2:3 with image
set title '#105'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 53 using 1:2:3 with image
set title '9 Ankle boot'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 54 using 1:2:3 with image
set title '#11'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 55 using 1:2:3 with image
set title '#15'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 56 using 1:2:3 with image
set title '#42'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 57 using 1:2:3 with image
set title '#44'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 58 using 1:2:3 with image
set title '#79'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 59 using 1:2:3 with image
unset multiplot
unset output
set terminal svg size 720,1200 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'samples.svg'
set multiplot layout 10,6 title '3.2 数据预处理：每个类别的前 6 张训练图像'
set title '0 T-shirt/top'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 0 using 1:2:3 with image
set title '#2'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 1 using 1:2:3 with image
set title '#4'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 2 using 1:2:3 with image
set title '#10'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 3 using 1:2:3 with image
set title '#17'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 4 using 1:2:3 with image
set title '#26'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 5 using 1:2:3 with image
set title '1 Trouser'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 6 using 1:2:3 with image
set title '#21'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 7 using 1:2:3 with image
set title '#38'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 8 using 1:2:3 with image
set title '#69'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 9 using 1:2:3 with image
set title '#71'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 10 using 1:2:3 with image
set title '#74'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 11 using 1:2:3 with image
set title '2 Pullover'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 12 using 1:2:3 with image
set title '#7'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 13 using 1:2:3 with image
set title '#27'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 14 using 1:2:3 with image
set title '#37'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 15 using 1:2:3 with image
set title '#45'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 16 using 1:2:3 with image
set title '#53'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 17 using 1:2:3 with image
set title '3 Dress'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 18 using 1:2:3 with image
set title '#20'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 19 using 1:2:3 with image
set title '#25'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 20 using 1:2:3 with image
set title '#31'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 21 using 1:2:3 with image
set title '#47'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 22 using 1:2:3 with image
set title '#49'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 23 using 1:2:3 with image
set title '4 Coat'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 24 using 1:2:3 with image
set title '#22'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 25 using 1:2:3 with image
set title '#24'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 26 using 1:2:3 with image
set title '#28'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 27 using 1:2:3 with image
set title '#29'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 28 using 1:2:3 with image
set title '#68'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 29 using 1:2:3 with image
set title '5 Sandal'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 30 using 1:2:3 with image
set title '#9'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 31 using 1:2:3 with image
set title '#12'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 32 using 1:2:3 with image
set title '#13'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 33 using 1:2:3 with image
set title '#30'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 34 using 1:2:3 with image
set title '#36'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 35 using 1:2:3 with image
set title '6 Shirt'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 36 using 1:2:3 with image
set title '#32'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 37 using 1:2:3 with image
set title '#33'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 38 using 1:2:3 with image
set title '#39'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 39 using 1:2:3 with image
set title '#40'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 40 using 1:2:3 with image
set title '#55'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 41 using 1:2:3 with image
set title '7 Sneaker'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 42 using 1:2:3 with image
set title '#14'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 43 using 1:2:3 with image
set title '#41'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 44 using 1:2:3 with image
set title '#46'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 45 using 1:2:3 with image
set title '#52'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 46 using 1:2:3 with image
set title '#83'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 47 using 1:2:3 with image
set title '8 Bag'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 48 using 1:2:3 with image
set title '#35'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 49 using 1:2:3 with image
set title '#57'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 50 using 1:2:3 with image
set title '#99'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 51 using 1:2:3 with image
set title '#100'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 52 using 1:2:3 with image
set title '#105'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 53 using 1:2:3 with image
set title '9 Ankle boot'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 54 using 1:2:3 with image
set title '#11'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 55 using 1:2:3 with image
set title '#15'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 56 using 1:2:3 with image
set title '#42'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 57 using 1:2:3 with image
set title '#44'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 58 using 1:2:3 with image
set title '#79'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'samples.dat' index 59 using 1:2:3 with image
unset multiplot
unset output
