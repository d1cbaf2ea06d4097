# 9.1 如何选择合适的大模型架构？：ViT 类别标记的注意力展开（与 §8.3 相同的测试图像）
# Re-render by hand in this folder: gnuplot attention-rollout.gp  (reads attention-rollout.dat)
set encoding utf8
set datafile missing 'NaN'
set palette gray
unset colorbox
unset tics
unset key
set size ratio -1
unset border
set terminal pngcairo size 1140,630 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'attention-rollout.png'
set multiplot layout 3,6 title '9.1 如何选择合适的大模型架构？：ViT 类别标记的注意力展开（与 §8.3 相同的测试图像）'
set title 'correct #0'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 0 using 1:2:3 with image
set title 'rollout'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 1 using 1:2:3 with image, '' index 1 using 1:2:4:5:6:7 with rgbalpha
set title 'correct #1'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 2 using 1:2:3 with image
set title 'rollout'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 3 using 1:2:3 with image, '' index 3 using 1:2:4:5:6:7 with rgbalpha
set title 'correct #2'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 4 using 1:2:3 with image
set title 'rollout'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 5 using 1:2:3 with image, '' index 5 using 1:2:4:5:6:7 with rgbalpha
set title 'wrong #23'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 6 using 1:2:3 with image
set title 'rollout'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 7 using 1:2:3 with image, '' index 7 using 1:2:4:5:6:7 with rgbalpha
set title 'wrong #25'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 8 using 1:2:3 with image
set title 'rollout'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 9 using 1:2:3 with image, '' index 9 using 1:2:4:5:6:7 with rgbalpha
set title 'wrong #42'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 10 using 1:2:3 with image
set title 'rollout'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 11 using 1:2:3 with image, '' index 11 using 1:2:4:5:6:7 with rgbalpha
set title 'Shirt, correct #4'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 12 using 1:2:3 with image
set title 'rollout'
set cbrange [0.0:2.2135076257917614]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 13 using 1:2:3 with image, '' index 13 using 1:2:4:5:6:7 with rgbalpha
set title 'Shirt, wrong #89'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 14 using 1:2:3 with image
set title 'rollout'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 15 using 1:2:3 with image, '' index 15 using 1:2:4:5:6:7 with rgbalpha
set title 'Shirt, wrong #117'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 16 using 1:2:3 with image
set title 'rollout'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 17 using 1:2:3 with image, '' index 17 using 1:2:4:5:6:7 with rgbalpha
unset multiplot
unset output
set terminal svg size 1140,630 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'attention-rollout.svg'
set multiplot layout 3,6 title '9.1 如何选择合适的大模型架构？：ViT 类别标记的注意力展开（与 §8.3 相同的测试图像）'
set title 'correct #0'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 0 using 1:2:3 with image
set title 'rollout'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 1 using 1:2:3 with image, '' index 1 using 1:2:4:5:6:7 with rgbalpha
set title 'correct #1'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 2 using 1:2:3 with image
set title 'rollout'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 3 using 1:2:3 with image, '' index 3 using 1:2:4:5:6:7 with rgbalpha
set title 'correct #2'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 4 using 1:2:3 with image
set title 'rollout'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 5 using 1:2:3 with image, '' index 5 using 1:2:4:5:6:7 with rgbalpha
set title 'wrong #23'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 6 using 1:2:3 with image
set title 'rollout'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 7 using 1:2:3 with image, '' index 7 using 1:2:4:5:6:7 with rgbalpha
set title 'wrong #25'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 8 using 1:2:3 with image
set title 'rollout'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 9 using 1:2:3 with image, '' index 9 using 1:2:4:5:6:7 with rgbalpha
set title 'wrong #42'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 10 using 1:2:3 with image
set title 'rollout'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 11 using 1:2:3 with image, '' index 11 using 1:2:4:5:6:7 with rgbalpha
set title 'Shirt, correct #4'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 12 using 1:2:3 with image
set title 'rollout'
set cbrange [0.0:2.2135076257917614]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 13 using 1:2:3 with image, '' index 13 using 1:2:4:5:6:7 with rgbalpha
set title 'Shirt, wrong #89'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 14 using 1:2:3 with image
set title 'rollout'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 15 using 1:2:3 with image, '' index 15 using 1:2:4:5:6:7 with rgbalpha
set title 'Shirt, wrong #117'
set autoscale cb
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 16 using 1:2:3 with image
set title 'rollout'
set cbrange [0.0:2.2222222222222223]
set xrange [-0.5:27.5]
set yrange [27.5:-0.5]
plot 'attention-rollout.dat' index 17 using 1:2:3 with image, '' index 17 using 1:2:4:5:6:7 with rgbalpha
unset multiplot
unset output
