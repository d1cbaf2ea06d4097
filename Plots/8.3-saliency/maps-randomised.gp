# 8.3 应对策略：权重全部随机化后的显著图（同一批图像与类别）
# Re-render by hand in this folder: gnuplot maps-randomised.gp  (reads maps-randomised.dat)
set encoding utf8
set datafile missing 'NaN'
set palette gray
unset colorbox
unset tics
unset key
set size ratio -1
unset border
set terminal pngcairo size 950,1770 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'maps-randomised.png'
set multiplot layout 9,5 title '8.3 应对策略：权重全部随机化后的显著图（同一批图像与类别）'
set title '#0 Ankle boot'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 0 using 1:2:3 with image
set title '|∂y/∂x|'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 1 using 1:2:3 with image, '' index 1 using 1:2:4:5:6:7 with rgbalpha
set title 'SmoothGrad'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 2 using 1:2:3 with image, '' index 2 using 1:2:4:5:6:7 with rgbalpha
set title 'occlusion'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 3 using 1:2:3 with image, '' index 3 using 1:2:4:5:6:7 with rgbalpha
set title 'Grad-CAM'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 4 using 1:2:3 with image, '' index 4 using 1:2:4:5:6:7 with rgbalpha
set title '#1 Pullover'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 5 using 1:2:3 with image
set title '|∂y/∂x|'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 6 using 1:2:3 with image, '' index 6 using 1:2:4:5:6:7 with rgbalpha
set title 'SmoothGrad'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 7 using 1:2:3 with image, '' index 7 using 1:2:4:5:6:7 with rgbalpha
set title 'occlusion'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 8 using 1:2:3 with image, '' index 8 using 1:2:4:5:6:7 with rgbalpha
set title 'Grad-CAM'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 9 using 1:2:3 with image, '' index 9 using 1:2:4:5:6:7 with rgbalpha
set title '#2 Trouser'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 10 using 1:2:3 with image
set title '|∂y/∂x|'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 11 using 1:2:3 with image, '' index 11 using 1:2:4:5:6:7 with rgbalpha
set title 'SmoothGrad'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 12 using 1:2:3 with image, '' index 12 using 1:2:4:5:6:7 with rgbalpha
set title 'occlusion'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 13 using 1:2:3 with image, '' index 13 using 1:2:4:5:6:7 with rgbalpha
set title 'Grad-CAM'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 14 using 1:2:3 with image, '' index 14 using 1:2:4:5:6:7 with rgbalpha
set title '#23 Ankle boot → Sandal'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 15 using 1:2:3 with image
set title '|∂y/∂x|'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 16 using 1:2:3 with image, '' index 16 using 1:2:4:5:6:7 with rgbalpha
set title 'SmoothGrad'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 17 using 1:2:3 with image, '' index 17 using 1:2:4:5:6:7 with rgbalpha
set title 'occlusion'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 18 using 1:2:3 with image, '' index 18 using 1:2:4:5:6:7 with rgbalpha
set title 'Grad-CAM'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 19 using 1:2:3 with image, '' index 19 using 1:2:4:5:6:7 with rgbalpha
set title '#25 Coat → Pullover'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 20 using 1:2:3 with image
set title '|∂y/∂x|'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 21 using 1:2:3 with image, '' index 21 using 1:2:4:5:6:7 with rgbalpha
set title 'SmoothGrad'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 22 using 1:2:3 with image, '' index 22 using 1:2:4:5:6:7 with rgbalpha
set title 'occlusion'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 23 using 1:2:3 with image, '' index 23 using 1:2:4:5:6:7 with rgbalpha
set title 'Grad-CAM'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 24 using 1:2:3 with image, '' index 24 using 1:2:4:5:6:7 with rgbalpha
set title '#42 Dress → T-shirt/top'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 25 using 1:2:3 with image
set title '|∂y/∂x|'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 26 using 1:2:3 with image, '' index 26 using 1:2:4:5:6:7 with rgbalpha
set title 'SmoothGrad'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 27 using 1:2:3 with image, '' index 27 using 1:2:4:5:6:7 with rgbalpha
set title 'occlusion'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 28 using 1:2:3 with image, '' index 28 using 1:2:4:5:6:7 with rgbalpha
set title 'Grad-CAM'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 29 using 1:2:3 with image, '' index 29 using 1:2:4:5:6:7 with rgbalpha
set title '#4 Shirt'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 30 using 1:2:3 with image
set title '|∂y/∂x|'
set cbrange [0.0:2.2135076257917614]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 31 using 1:2:3 with image, '' index 31 using 1:2:4:5:6:7 with rgbalpha
set title 'SmoothGrad'
set cbrange [0.0:2.2135076257917614]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 32 using 1:2:3 with image, '' index 32 using 1:2:4:5:6:7 with rgbalpha
set title 'occlusion'
set cbrange [0.0:2.2135076257917614]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 33 using 1:2:3 with image, '' index 33 using 1:2:4:5:6:7 with rgbalpha
set title 'Grad-CAM'
set cbrange [0.0:2.2135076257917614]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 34 using 1:2:3 with image, '' index 34 using 1:2:4:5:6:7 with rgbalpha
set title '#89 Shirt → Pullover'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 35 using 1:2:3 with image
set title '|∂y/∂x|'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 36 using 1:2:3 with image, '' index 36 using 1:2:4:5:6:7 with rgbalpha
set title 'SmoothGrad'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 37 using 1:2:3 with image, '' index 37 using 1:2:4:5:6:7 with rgbalpha
set title 'occlusion'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 38 using 1:2:3 with image, '' index 38 using 1:2:4:5:6:7 with rgbalpha
set title 'Grad-CAM'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 39 using 1:2:3 with image, '' index 39 using 1:2:4:5:6:7 with rgbalpha
set title '#117 Shirt → Coat'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 40 using 1:2:3 with image
set title '|∂y/∂x|'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 41 using 1:2:3 with image, '' index 41 using 1:2:4:5:6:7 with rgbalpha
set title 'SmoothGrad'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 42 using 1:2:3 with image, '' index 42 using 1:2:4:5:6:7 with rgbalpha
set title 'occlusion'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 43 using 1:2:3 with image, '' index 43 using 1:2:4:5:6:7 with rgbalpha
set title 'Grad-CAM'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 44 using 1:2:3 with image, '' index 44 using 1:2:4:5:6:7 with rgbalpha
unset multiplot
unset output
set terminal svg size 950,1770 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'maps-randomised.svg'
set multiplot layout 9,5 title '8.3 应对策略：权重全部随机化后的显著图（同一批图像与类别）'
set title '#0 Ankle boot'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 0 using 1:2:3 with image
set title '|∂y/∂x|'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 1 using 1:2:3 with image, '' index 1 using 1:2:4:5:6:7 with rgbalpha
set title 'SmoothGrad'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 2 using 1:2:3 with image, '' index 2 using 1:2:4:5:6:7 with rgbalpha
set title 'occlusion'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 3 using 1:2:3 with image, '' index 3 using 1:2:4:5:6:7 with rgbalpha
set title 'Grad-CAM'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 4 using 1:2:3 with image, '' index 4 using 1:2:4:5:6:7 with rgbalpha
set title '#1 Pullover'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 5 using 1:2:3 with image
set title '|∂y/∂x|'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 6 using 1:2:3 with image, '' index 6 using 1:2:4:5:6:7 with rgbalpha
set title 'SmoothGrad'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 7 using 1:2:3 with image, '' index 7 using 1:2:4:5:6:7 with rgbalpha
set title 'occlusion'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 8 using 1:2:3 with image, '' index 8 using 1:2:4:5:6:7 with rgbalpha
set title 'Grad-CAM'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 9 using 1:2:3 with image, '' index 9 using 1:2:4:5:6:7 with rgbalpha
set title '#2 Trouser'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 10 using 1:2:3 with image
set title '|∂y/∂x|'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 11 using 1:2:3 with image, '' index 11 using 1:2:4:5:6:7 with rgbalpha
set title 'SmoothGrad'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 12 using 1:2:3 with image, '' index 12 using 1:2:4:5:6:7 with rgbalpha
set title 'occlusion'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 13 using 1:2:3 with image, '' index 13 using 1:2:4:5:6:7 with rgbalpha
set title 'Grad-CAM'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 14 using 1:2:3 with image, '' index 14 using 1:2:4:5:6:7 with rgbalpha
set title '#23 Ankle boot → Sandal'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 15 using 1:2:3 with image
set title '|∂y/∂x|'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 16 using 1:2:3 with image, '' index 16 using 1:2:4:5:6:7 with rgbalpha
set title 'SmoothGrad'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 17 using 1:2:3 with image, '' index 17 using 1:2:4:5:6:7 with rgbalpha
set title 'occlusion'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 18 using 1:2:3 with image, '' index 18 using 1:2:4:5:6:7 with rgbalpha
set title 'Grad-CAM'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 19 using 1:2:3 with image, '' index 19 using 1:2:4:5:6:7 with rgbalpha
set title '#25 Coat → Pullover'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 20 using 1:2:3 with image
set title '|∂y/∂x|'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 21 using 1:2:3 with image, '' index 21 using 1:2:4:5:6:7 with rgbalpha
set title 'SmoothGrad'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 22 using 1:2:3 with image, '' index 22 using 1:2:4:5:6:7 with rgbalpha
set title 'occlusion'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 23 using 1:2:3 with image, '' index 23 using 1:2:4:5:6:7 with rgbalpha
set title 'Grad-CAM'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 24 using 1:2:3 with image, '' index 24 using 1:2:4:5:6:7 with rgbalpha
set title '#42 Dress → T-shirt/top'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 25 using 1:2:3 with image
set title '|∂y/∂x|'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 26 using 1:2:3 with image, '' index 26 using 1:2:4:5:6:7 with rgbalpha
set title 'SmoothGrad'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 27 using 1:2:3 with image, '' index 27 using 1:2:4:5:6:7 with rgbalpha
set title 'occlusion'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 28 using 1:2:3 with image, '' index 28 using 1:2:4:5:6:7 with rgbalpha
set title 'Grad-CAM'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 29 using 1:2:3 with image, '' index 29 using 1:2:4:5:6:7 with rgbalpha
set title '#4 Shirt'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 30 using 1:2:3 with image
set title '|∂y/∂x|'
set cbrange [0.0:2.2135076257917614]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 31 using 1:2:3 with image, '' index 31 using 1:2:4:5:6:7 with rgbalpha
set title 'SmoothGrad'
set cbrange [0.0:2.2135076257917614]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 32 using 1:2:3 with image, '' index 32 using 1:2:4:5:6:7 with rgbalpha
set title 'occlusion'
set cbrange [0.0:2.2135076257917614]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 33 using 1:2:3 with image, '' index 33 using 1:2:4:5:6:7 with rgbalpha
set title 'Grad-CAM'
set cbrange [0.0:2.2135076257917614]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 34 using 1:2:3 with image, '' index 34 using 1:2:4:5:6:7 with rgbalpha
set title '#89 Shirt → Pullover'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 35 using 1:2:3 with image
set title '|∂y/∂x|'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 36 using 1:2:3 with image, '' index 36 using 1:2:4:5:6:7 with rgbalpha
set title 'SmoothGrad'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 37 using 1:2:3 with image, '' index 37 using 1:2:4:5:6:7 with rgbalpha
set title 'occlusion'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 38 using 1:2:3 with image, '' index 38 using 1:2:4:5:6:7 with rgbalpha
set title 'Grad-CAM'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 39 using 1:2:3 with image, '' index 39 using 1:2:4:5:6:7 with rgbalpha
set title '#117 Shirt → Coat'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 40 using 1:2:3 with image
set title '|∂y/∂x|'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 41 using 1:2:3 with image, '' index 41 using 1:2:4:5:6:7 with rgbalpha
set title 'SmoothGrad'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 42 using 1:2:3 with image, '' index 42 using 1:2:4:5:6:7 with rgbalpha
set title 'occlusion'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 43 using 1:2:3 with image, '' index 43 using 1:2:4:5:6:7 with rgbalpha
set title 'Grad-CAM'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'maps-randomised.dat' index 44 using 1:2:3 with image, '' index 44 using 1:2:4:5:6:7 with rgbalpha
unset multiplot
unset output
