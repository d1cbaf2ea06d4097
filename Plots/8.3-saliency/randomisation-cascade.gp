# 8.3 应对策略：逐层随机化权重后显著图与训练模型的秩相关
# Re-render by hand in this folder: gnuplot randomisation-cascade.gp  (reads randomisation-cascade.dat)
set encoding utf8
set datafile missing 'NaN'
set title '8.3 应对策略：逐层随机化权重后显著图与训练模型的秩相关'
set xlabel 'layers randomised from the top: 1 fc2, 2 + fc1, 3 + conv2, 4 + conv1 (all)'
set ylabel 'Spearman ρ with the trained model''s map (mean over the images)'
set grid lc rgb '#e0e0e0'
set key top right box opaque
set xrange [-0.2:4.2]
set xtics 1.0
set yrange [-1.0:1.05]
set terminal pngcairo size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'randomisation-cascade.png'
plot 'randomisation-cascade.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title '|∂y/∂x|', \
     'randomisation-cascade.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'SmoothGrad', \
     'randomisation-cascade.dat' index 2 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#2ca02c' title 'occlusion', \
     'randomisation-cascade.dat' index 3 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#ff7f0e' title 'Grad-CAM'
unset output
set terminal svg size 960,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'randomisation-cascade.svg'
plot 'randomisation-cascade.dat' index 0 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#1f77b4' title '|∂y/∂x|', \
     'randomisation-cascade.dat' index 1 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#d62728' title 'SmoothGrad', \
     'randomisation-cascade.dat' index 2 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#2ca02c' title 'occlusion', \
     'randomisation-cascade.dat' index 3 using 1:2 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '#ff7f0e' title 'Grad-CAM'
unset output
