# 4.2 优化算法：Adam：病态二维问题 f(u,v) = (u² + 100v²)/2 上的路径，150 步
# Re-render by hand in this folder: gnuplot valley-paths.gp  (reads valley-paths.dat)
set encoding utf8
set datafile missing 'NaN'
set contour base
unset surface
set view map
set cntrparam levels discrete 0.05, 0.2, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0
set table $Contours
splot 'valley-paths.dat' index 0 using 1:2:3 with lines
unset table
unset contour
set surface
set title '4.2 优化算法：Adam：病态二维问题 f(u,v) = (u² + 100v²)/2 上的路径，150 步'
set xlabel 'u'
set ylabel 'v'
set grid lc rgb '#e0e0e0'
set key bottom right box opaque
set xrange [-4.5:2.0]
set yrange [-1.2:1.2]
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'valley-paths.png'
plot $Contours using 1:2 with lines lc rgb '#b0b0b0' lw 1 title 'contours', \
     'valley-paths.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'gradient descent, α = 0.019', \
     'valley-paths.dat' index 2 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'Adam, α = 0.1', \
     'valley-paths.dat' index 3 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#2ca02c' title 'Adam without bias correction, α = 0.1'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'valley-paths.svg'
plot $Contours using 1:2 with lines lc rgb '#b0b0b0' lw 1 title 'contours', \
     'valley-paths.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title 'gradient descent, α = 0.019', \
     'valley-paths.dat' index 2 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'Adam, α = 0.1', \
     'valley-paths.dat' index 3 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#2ca02c' title 'Adam without bias correction, α = 0.1'
unset output
