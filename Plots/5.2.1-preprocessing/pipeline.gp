# 5.2.1 数据预处理：一张图像：ToTensor 后与 Resize((224, 224)) 后（R 通道）
# Re-render by hand in this folder: gnuplot pipeline.gp  (reads pipeline.dat)
set encoding utf8
set datafile missing 'NaN'
set palette gray
unset colorbox
unset tics
unset key
set size ratio -1
unset border
set terminal pngcairo size 960,520 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'pipeline.png'
set multiplot layout 1,2 title '5.2.1 数据预处理：一张图像：ToTensor 后与 Resize((224, 224)) 后（R 通道）'
set title 'ToTensor 28×28'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'pipeline.dat' index 0 using 1:2:3 with image
set title 'Resize 224×224 (bilinear, antialiased)'
set xrange [-0.5:223.5]
set yrange [223.5:-0.5]
plot 'pipeline.dat' index 1 using 1:2:3 with image
unset multiplot
unset output
set terminal svg size 960,520 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'pipeline.svg'
set multiplot layout 1,2 title '5.2.1 数据预处理：一张图像：ToTensor 后与 Resize((224, 224)) 后（R 通道）'
set title 'ToTensor 28×28'
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'pipeline.dat' index 0 using 1:2:3 with image
set title 'Resize 224×224 (bilinear, antialiased)'
set xrange [-0.5:223.5]
set yrange [223.5:-0.5]
plot 'pipeline.dat' index 1 using 1:2:3 with image
unset multiplot
unset output
