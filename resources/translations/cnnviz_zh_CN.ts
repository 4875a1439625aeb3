<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ArithmeticView</name>
    <message>
        <source>bias</source>
        <translation>偏置</translation>
    </message>
    <message>
        <source>channel {0}:</source>
        <translation>通道 {0}：</translation>
    </message>
    <message>
        <source>w{0} output ({1}, {2}):</source>
        <translation>w{0} 的输出 行 {1}，列 {2}：</translation>
    </message>
    <message>
        <source>Copy the arithmetic</source>
        <translation>复制算式</translation>
    </message>
</context>
<context>
    <name>BackwardStages</name>
    <message>
        <source>The upstream gradient is all ones or comes from a target.</source>
        <translation>上游梯度要么全为 1，要么来自目标值。</translation>
    </message>
    <message>
        <source>There is no output at that position.</source>
        <translation>该位置没有输出。</translation>
    </message>
    <message>
        <source>A value must be a number between -{0} and {0}.</source>
        <translation>数值必须在 -{0} 到 {0} 之间。</translation>
    </message>
    <message>
        <source>Cannot apply the update: {0}</source>
        <translation>无法执行更新：{0}</translation>
    </message>
    <message>
        <source>Check a gradient on the ∂L/∂w stage.</source>
        <translation>请在 ∂L/∂w 阶段检验梯度。</translation>
    </message>
</context>
<context>
    <name>BiasGradView</name>
    <message>
        <source>Output y</source>
        <translation>输出 y</translation>
    </message>
    <message>
        <source>Upstream gradient dy</source>
        <translation>上游梯度 dy</translation>
    </message>
    <message>
        <source>∂L/∂b</source>
        <translation>∂L/∂b</translation>
    </message>
    <message>
        <source>{0} more terms (sum {1})</source>
        <translation>另外 {0} 项（和为 {1}）</translation>
    </message>
    <message>
        <source>∂L/∂b · step {0} / {1} · bias b{2}</source>
        <translation>∂L/∂b · 第 {0} / {1} 步 · 偏置 b{2}</translation>
    </message>
</context>
<context>
    <name>CellGrid</name>
    <message>
        <source>Double-click a number to change it</source>
        <translation>双击数字即可修改</translation>
    </message>
</context>
<context>
    <name>ConfusionView</name>
    <message>
        <source>predicted</source>
        <translation>预测</translation>
    </message>
</context>
<context>
    <name>ConvSessionPresenter</name>
    <message>
        <source>Pooling {0}×{0} needs a map of at least {0}×{0}; the convolution's output is {1}×{2}.</source>
        <translation>{0}×{0} 池化需要至少 {0}×{0} 的特征图，而卷积的输出只有 {1}×{2}。</translation>
    </message>
    <message>
        <source>Pooling is max or average.</source>
        <translation>池化只能是最大池化或平均池化。</translation>
    </message>
    <message>
        <source>The pooling size and stride must be between 1 and {0}.</source>
        <translation>池化窗口大小和步长必须在 1 到 {0} 之间。</translation>
    </message>
    <message>
        <source>The input must be a (channels, height, width) array.</source>
        <translation>输入必须是形如（通道, 高, 宽）的数组。</translation>
    </message>
    <message>
        <source>This input has {0} channel(s): the filters you last used with {0} channel(s) are back.</source>
        <translation>该输入有 {0} 个通道：上次用于 {0} 通道输入的滤波器已恢复。</translation>
    </message>
    <message>
        <source>This input has {0} channel(s); the filters had {1}.</source>
        <translation>该输入有 {0} 个通道，而滤波器原有 {1} 个通道。</translation>
    </message>
    <message>
        <source>{0}: rebuilt from the preset.</source>
        <translation>{0}：按预设重建。</translation>
    </message>
    <message>
        <source>{0}: the sum of the old {1} channels.</source>
        <translation>{0}：原 {1} 个通道之和。</translation>
    </message>
    <message>
        <source>{0}: the old channels' sum ÷ {1} in each channel.</source>
        <translation>{0}：每个通道为原各通道之和 ÷ {1}。</translation>
    </message>
    <message>
        <source>Your {0}-channel filters come back with the next {0}-channel input.</source>
        <translation>原来的 {0} 通道滤波器已保留，下次载入 {0} 通道输入时恢复。</translation>
    </message>
    <message>
        <source>There is no sample called {0}.</source>
        <translation>没有名为 {0} 的示例。</translation>
    </message>
    <message>
        <source>There is no example {0}.</source>
        <translation>没有例题 {0}。</translation>
    </message>
    <message>
        <source>There is no input cell at that position.</source>
        <translation>该位置没有输入格。</translation>
    </message>
    <message>
        <source>A value must be a number between -{0} and {0}.</source>
        <translation>数值必须在 -{0} 到 {0} 之间。</translation>
    </message>
    <message>
        <source> (edited)</source>
        <translation>（已修改）</translation>
    </message>
    <message>
        <source>the file does not exist.</source>
        <translation>文件不存在。</translation>
    </message>
    <message>
        <source>this is a folder, not an image file.</source>
        <translation>这是一个文件夹，不是图像文件。</translation>
    </message>
    <message>
        <source>the file cannot be read.</source>
        <translation>无法读取该文件。</translation>
    </message>
    <message>
        <source>the file is empty.</source>
        <translation>文件是空的。</translation>
    </message>
    <message>
        <source>the image is too large to open safely; scale it down first.</source>
        <translation>图像太大，无法安全打开；请先缩小它。</translation>
    </message>
    <message>
        <source>this is not an image file cnnviz can read.</source>
        <translation>这不是 cnnviz 能读取的图像文件。</translation>
    </message>
    <message>
        <source>permission denied.</source>
        <translation>没有访问权限。</translation>
    </message>
    <message>
        <source>the file is damaged or incomplete.</source>
        <translation>文件已损坏或不完整。</translation>
    </message>
    <message>
        <source>Could not open the image: {0}</source>
        <translation>无法打开图像：{0}</translation>
    </message>
    <message>
        <source>Could not open {0}: {1}</source>
        <translation>无法打开 {0}：{1}</translation>
    </message>
    <message>
        <source>There is no weight at that position.</source>
        <translation>该位置没有权重。</translation>
    </message>
    <message>
        <source>There is no filter {0}.</source>
        <translation>没有滤波器 {0}。</translation>
    </message>
    <message>
        <source>Cannot use this preset: {0}</source>
        <translation>无法使用该预设：{0}</translation>
    </message>
    <message>
        <source>The kernel size must be between 1 and {0}.</source>
        <translation>卷积核大小必须在 1 到 {0} 之间。</translation>
    </message>
    <message>
        <source>The number of filters must be between 1 and {0}.</source>
        <translation>滤波器个数必须在 1 到 {0} 之间。</translation>
    </message>
    <message>
        <source>The stride must be at least 1.</source>
        <translation>步长至少为 1。</translation>
    </message>
    <message>
        <source>The dilation must be at least 1.</source>
        <translation>空洞率至少为 1。</translation>
    </message>
    <message>
        <source>The padding cannot be negative.</source>
        <translation>填充不能为负数。</translation>
    </message>
    <message>
        <source>tall</source>
        <translation>（纵向）</translation>
    </message>
    <message>
        <source>wide</source>
        <translation>（横向）</translation>
    </message>
    <message>
        <source>Impossible setting: the kernel spans {0} cells {1} (size {2}, dilation {3}), but the padded input is only {4} cells {1} ({5} + 2 × padding {6}). Use a smaller kernel or dilation, or more padding.</source>
        <translation>无法计算的设置：卷积核覆盖 {0} 格{1}（大小 {2}，空洞率 {3}），而填充后的输入只有 {4} 格{1}（{5} + 2 × 填充 {6}）。请减小卷积核或空洞率，或增加填充。</translation>
    </message>
</context>
<context>
    <name>ConvolutionView</name>
    <message>
        <source>Edit the input</source>
        <translation>修改输入</translation>
    </message>
    <message>
        <source>Channel {0}, row {1}, column {2}:</source>
        <translation>通道 {0}，行 {1}，列 {2}：</translation>
    </message>
    <message>
        <source>step {0} / {1} · filter w{2} · output row {3}, column {4}</source>
        <translation>第 {0} / {1} 步 · 滤波器 w{2} · 输出 行 {3}，列 {4}</translation>
    </message>
    <message>
        <source>Input volume {0}×{1}×{2}, zero-padded to {3}×{4}×{2}</source>
        <translation>输入数据体 {0}×{1}×{2}，零填充为 {3}×{4}×{2}</translation>
    </message>
    <message>
        <source>Input volume {0}×{1}×{2}</source>
        <translation>输入数据体 {0}×{1}×{2}</translation>
    </message>
    <message>
        <source>Filters ({0} × {1}×{2}×{3})</source>
        <translation>滤波器（{0} 个 {1}×{2}×{3}）</translation>
    </message>
    <message>
        <source>Output volume {0}×{1}×{2}</source>
        <translation>输出数据体 {0}×{1}×{2}</translation>
    </message>
    <message>
        <source>input channel {0}</source>
        <translation>输入通道 {0}</translation>
    </message>
    <message>
        <source>output of w{0}</source>
        <translation>w{0} 的输出</translation>
    </message>
</context>
<context>
    <name>DensePage</name>
    <message>
        <source>Output {0} / {1} · class {2}</source>
        <translation>输出 {0} / {1} · 类别 {2}</translation>
    </message>
    <message>
        <source>Fully connected layer</source>
        <translation>全连接层</translation>
    </message>
    <message>
        <source>Previous output</source>
        <translation>上一个输出</translation>
    </message>
    <message>
        <source>Next output</source>
        <translation>下一个输出</translation>
    </message>
</context>
<context>
    <name>DensePresenter</name>
    <message>
        <source>1 more term (sum {0})</source>
        <translation>另外 1 项（和为 {0}）</translation>
    </message>
    <message>
        <source>{0} more terms (sum {1})</source>
        <translation>另外 {0} 项（和为 {1}）</translation>
    </message>
    <message>
        <source>class {0}</source>
        <translation>类别 {0}</translation>
    </message>
    <message>
        <source>bias</source>
        <translation>偏置</translation>
    </message>
    <message>
        <source>cat</source>
        <translation>猫</translation>
    </message>
    <message>
        <source>dog</source>
        <translation>狗</translation>
    </message>
    <message>
        <source>ship</source>
        <translation>船</translation>
    </message>
    <message>
        <source>truck</source>
        <translation>卡车</translation>
    </message>
</context>
<context>
    <name>ErrorDialogHook</name>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>Something went wrong inside cnnviz: {0}</source>
        <translation>cnnviz 内部出错：{0}</translation>
    </message>
    <message>
        <source>The window keeps running. The details below help the developers.</source>
        <translation>窗口会继续运行。下面的详细信息可以帮助开发者排查问题。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>The range is empty: “to” must not be before “from”.</source>
        <translation>范围为空：“到”不能早于“从”。</translation>
    </message>
    <message>
        <source>{0} frames (steps {1} to {2}), {3:.1f} s per loop, {4}×{5} pixels</source>
        <translation>{0} 帧（第 {1} 步到第 {2} 步），循环一次 {3:.1f} 秒，{4}×{5} 像素</translation>
    </message>
    <message>
        <source>Export animation</source>
        <translation>导出动画</translation>
    </message>
    <message>
        <source>GIF animations (*.gif)</source>
        <translation>GIF 动画 (*.gif)</translation>
    </message>
    <message>
        <source>Writing {0}…</source>
        <translation>正在写入 {0}…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Choose the file to write.</source>
        <translation>请选择要写入的文件。</translation>
    </message>
    <message>
        <source>{0} is a folder; choose a file name.</source>
        <translation>{0} 是一个文件夹，请选择文件名。</translation>
    </message>
    <message>
        <source>The folder {0} does not exist.</source>
        <translation>文件夹 {0} 不存在。</translation>
    </message>
    <message>
        <source>That is {0} frames; at most {1} can be exported. Choose a shorter range, or one frame every {2} steps.</source>
        <translation>共 {0} 帧，最多只能导出 {1} 帧。请选择更短的范围，或每 {2} 步取一帧。</translation>
    </message>
    <message>
        <source>Writing {0}: frame {1} of {2}…</source>
        <translation>正在写入 {0}：第 {1} 帧，共 {2} 帧…</translation>
    </message>
    <message>
        <source>Saved {0} frames to {1}</source>
        <translation>已将 {0} 帧保存到 {1}</translation>
    </message>
    <message>
        <source>Nothing was written: {0}</source>
        <translation>未写入任何文件：{0}</translation>
    </message>
    <message>
        <source>Export cancelled; nothing was written.</source>
        <translation>导出已取消，未写入任何文件。</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>步骤：</translation>
    </message>
    <message>
        <source>All steps</source>
        <translation>全部步骤</translation>
    </message>
    <message>
        <source>The current filter (w{0})</source>
        <translation>当前滤波器（w{0}）</translation>
    </message>
    <message>
        <source>The current channel ({0})</source>
        <translation>当前通道（{0}）</translation>
    </message>
    <message>
        <source>From step</source>
        <translation>从步骤</translation>
    </message>
    <message>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Frames per second:</source>
        <translation>每秒帧数：</translation>
    </message>
    <message>
        <source>One frame every:</source>
        <translation>每 N 步取一帧，N：</translation>
    </message>
    <message>
        <source> step(s)</source>
        <translation> 步</translation>
    </message>
    <message>
        <source>Scale:</source>
        <translation>缩放：</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
</context>
<context>
    <name>ExportJob</name>
    <message>
        <source>{0} is write-protected; it was left as it is. Choose another name.</source>
        <translation>{0} 受写保护，已保持原样。请换一个文件名。</translation>
    </message>
    <message>
        <source>Files cannot be created in {0}.</source>
        <translation>无法在 {0} 中创建文件。</translation>
    </message>
    <message>
        <source>The folder {0} does not exist.</source>
        <translation>文件夹 {0} 不存在。</translation>
    </message>
    <message>
        <source>Cannot write in {0}: permission denied.</source>
        <translation>无法在 {0} 中写入：权限不足。</translation>
    </message>
    <message>
        <source>Cannot write {0}: {1}.</source>
        <translation>无法写入 {0}：{1}。</translation>
    </message>
    <message>
        <source>The export stopped: {0}</source>
        <translation>导出已停止：{0}</translation>
    </message>
</context>
<context>
    <name>ExportMenuHook</name>
    <message>
        <source>&amp;Export animation…</source>
        <translation>导出动画(&amp;E)…</translation>
    </message>
    <message>
        <source>Save the convolution, step by step, as a looping GIF</source>
        <translation>将卷积过程逐步保存为循环播放的 GIF</translation>
    </message>
</context>
<context>
    <name>FilterGrid</name>
    <message>
        <source>Filters appear when training starts.</source>
        <translation>开始训练后这里显示滤波器。</translation>
    </message>
</context>
<context>
    <name>FilterPanel</name>
    <message>
        <source>Filter w{0} ({1}×{2}×{3})</source>
        <translation>滤波器 w{0}（{1}×{2}×{3}）</translation>
    </message>
    <message>
        <source>w{0}, channel {1}</source>
        <translation>w{0}，通道 {1}</translation>
    </message>
    <message>
        <source>bias b{0}</source>
        <translation>偏置 b{0}</translation>
    </message>
    <message>
        <source>All filters (click one to show it):</source>
        <translation>全部滤波器（点击切换）：</translation>
    </message>
    <message>
        <source>Show filter w{0}</source>
        <translation>显示滤波器 w{0}</translation>
    </message>
</context>
<context>
    <name>GradStageView</name>
    <message>
        <source>Upstream gradient: all ones, the gradient of L = Σ y (the sum of every output) = {0}</source>
        <translation>上游梯度：全为 1，即 L = Σ y（所有输出之和）的梯度；L = {0}</translation>
    </message>
    <message>
        <source>Upstream gradient: dy = y − t, the gradient of L = ½ Σ (y − t)² = {0}</source>
        <translation>上游梯度：dy = y − t，即 L = ½ Σ (y − t)² 的梯度；L = {0}</translation>
    </message>
</context>
<context>
    <name>InputGradView</name>
    <message>
        <source>Upstream gradient dy</source>
        <translation>上游梯度 dy</translation>
    </message>
    <message>
        <source>Weights of channel {0}</source>
        <translation>通道 {0} 的权重</translation>
    </message>
    <message>
        <source>∂L/∂x</source>
        <translation>∂L/∂x</translation>
    </message>
    <message>
        <source>channel {0}</source>
        <translation>通道 {0}</translation>
    </message>
    <message>
        <source>{0} more terms (sum {1})</source>
        <translation>另外 {0} 项（和为 {1}）</translation>
    </message>
    <message>
        <source>∂L/∂x · step {0} / {1} · channel {2}, input row {3}, column {4}</source>
        <translation>∂L/∂x · 第 {0} / {1} 步 · 通道 {2}，输入 行 {3}，列 {4}</translation>
    </message>
</context>
<context>
    <name>InputPanel</name>
    <message>
        <source>The article's demo</source>
        <translation>文章中的演示</translation>
    </message>
    <message>
        <source>{0}: {1}×{2}×{3} input, zero-padded to {4}×{5}×{3}</source>
        <translation>{0}：{1}×{2}×{3} 的输入，零填充为 {4}×{5}×{3}</translation>
    </message>
    <message>
        <source>{0}: {1}×{2}×{3} input</source>
        <translation>{0}：{1}×{2}×{3} 的输入</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Open image…</source>
        <translation>打开图像…</translation>
    </message>
    <message>
        <source>Open demo</source>
        <translation>打开演示</translation>
    </message>
    <message>
        <source>Load sample</source>
        <translation>载入示例</translation>
    </message>
    <message>
        <source>Choose a sample…</source>
        <translation>选择示例…</translation>
    </message>
    <message>
        <source>RGB</source>
        <translation>RGB 彩色</translation>
    </message>
    <message>
        <source>Three channels: red, green, blue</source>
        <translation>三个通道：红、绿、蓝</translation>
    </message>
    <message>
        <source>Grayscale</source>
        <translation>灰度</translation>
    </message>
    <message>
        <source>One channel: brightness</source>
        <translation>一个通道：亮度</translation>
    </message>
    <message>
        <source>Image channels:</source>
        <translation>图像通道：</translation>
    </message>
    <message>
        <source>Working size:</source>
        <translation>工作尺寸：</translation>
    </message>
    <message>
        <source> px (long side)</source>
        <translation> 像素（长边）</translation>
    </message>
    <message>
        <source>Large photos are scaled down so the long side has this many pixels</source>
        <translation>大照片会被缩小，使长边为这么多像素</translation>
    </message>
</context>
<context>
    <name>LinearDetailView</name>
    <message>
        <source>Fully connected layer · neuron {0} ({1})</source>
        <translation>全连接层 · 神经元 {0}（{1}）</translation>
    </message>
    <message>
        <source>z = Σ w·x + b: each bar is one term w*x, largest first. Blue adds, red subtracts.</source>
        <translation>z = Σ w·x + b：每根条是一项 w*x，绝对值大的在前。蓝色为正，红色为负。</translation>
    </message>
    <message>
        <source>bias</source>
        <translation>偏置</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Open an image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <source>Images ({0});;All files (*)</source>
        <translation>图像 ({0});;所有文件 (*)</translation>
    </message>
    <message>
        <source>About cnnviz</source>
        <translation>关于 cnnviz</translation>
    </message>
    <message>
        <source>cnnviz shows how a convolutional neural network computes, one multiply-add at a time.</source>
        <translation>cnnviz 一次一个乘加地展示卷积神经网络如何计算。</translation>
    </message>
    <message>
        <source>Its lessons follow the Chinese-language introduction “{0}” (July, CSDN, 2016), which is built on Stanford's CS231n course notes, &lt;i&gt;Convolutional Neural Networks for Visual Recognition&lt;/i&gt; ({1}); the 7×7×3 demo is the CS231n animation the article redraws as 18 frames.</source>
        <translation>内容依照中文入门文章《{0}》（July，CSDN，2016）；该文以斯坦福大学 CS231n 课程笔记 &lt;i&gt;Convolutional Neural Networks for Visual Recognition&lt;/i&gt;（{1}）为基础，7×7×3 演示就是该文重绘为 18 帧的 CS231n 动画。</translation>
    </message>
    <message>
        <source>Data: the handwritten digits are the UCI Machine Learning Repository's “Optical Recognition of Handwritten Digits” (E. Alpaydin and C. Kaynak, 1998), CC BY 4.0. The photo in the README's screenshots is scikit-learn's china.jpg (danielbuechele on Flickr), CC BY 2.0.</source>
        <translation>数据：手写数字来自 UCI 机器学习库的“Optical Recognition of Handwritten Digits”（E. Alpaydin 与 C. Kaynak，1998），采用 CC BY 4.0 许可。README 截图中的照片是 scikit-learn 的 china.jpg（Flickr 用户 danielbuechele），采用 CC BY 2.0 许可。</translation>
    </message>
    <message>
        <source>Licence: MIT.</source>
        <translation>许可证：MIT。</translation>
    </message>
    <message>
        <source>cnnviz — see a convolution compute</source>
        <translation>cnnviz — 看卷积如何计算</translation>
    </message>
    <message>
        <source>Convolution</source>
        <translation>卷积</translation>
    </message>
    <message>
        <source>Trainer</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open image…</source>
        <translation>打开图像(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;demo</source>
        <translation>打开演示(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Samples</source>
        <translation>示例(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Examples</source>
        <translation>例题(&amp;E)</translation>
    </message>
    <message>
        <source>Example A: one filter on one window (= -8)</source>
        <translation>例 A：一个滤波器作用于一个窗口（= -8）</translation>
    </message>
    <message>
        <source>Example B: the 7×7×3 demo, step 1</source>
        <translation>例 B：7×7×3 演示，第 1 步</translation>
    </message>
    <message>
        <source>Example C: max pooling 2×2 of a 4×4 map</source>
        <translation>例 C：对 4×4 特征图做 2×2 最大池化</translation>
    </message>
    <message>
        <source>The AND neuron (sigmoid)</source>
        <translation>“与”神经元（sigmoid）</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Playback</source>
        <translation>播放(&amp;P)</translation>
    </message>
    <message>
        <source>Play / pause</source>
        <translation>播放 / 暂停</translation>
    </message>
    <message>
        <source>Step forward</source>
        <translation>前进一步</translation>
    </message>
    <message>
        <source>Step back</source>
        <translation>后退一步</translation>
    </message>
    <message>
        <source>First step</source>
        <translation>第一步</translation>
    </message>
    <message>
        <source>Last step</source>
        <translation>最后一步</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation>重置缩放</translation>
    </message>
    <message>
        <source>Settings panel</source>
        <translation>设置面板</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About cnnviz</source>
        <translation>关于 cnnviz(&amp;A)</translation>
    </message>
    <message>
        <source>Hide this message</source>
        <translation>隐藏此消息</translation>
    </message>
</context>
<context>
    <name>MapStageView</name>
    <message>
        <source>{0} · step {1} / {2} · channel {3} · output row {4}, column {5}</source>
        <translation>{0} · 第 {1} / {2} 步 · 通道 {3} · 输出 行 {4}，列 {5}</translation>
    </message>
    <message>
        <source>channel {0}</source>
        <translation>通道 {0}</translation>
    </message>
</context>
<context>
    <name>NeuronControls</name>
    <message>
        <source>Neuron</source>
        <translation>神经元</translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation>预设：</translation>
    </message>
    <message>
        <source>Inputs:</source>
        <translation>输入个数：</translation>
    </message>
    <message>
        <source>Inputs and weights</source>
        <translation>输入与权重</translation>
    </message>
    <message>
        <source>input x</source>
        <translation>输入 x</translation>
    </message>
    <message>
        <source>weight w</source>
        <translation>权重 w</translation>
    </message>
    <message>
        <source>bias</source>
        <translation>偏置</translation>
    </message>
    <message>
        <source>Activation function</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>Show the derivative g'(z)</source>
        <translation>显示导数 g'(z)</translation>
    </message>
</context>
<context>
    <name>NeuronPage</name>
    <message>
        <source>Neuron</source>
        <translation>神经元</translation>
    </message>
    <message>
        <source>Truth table (live from the weights)</source>
        <translation>真值表（随权重实时计算）</translation>
    </message>
</context>
<context>
    <name>NeuronPlot</name>
    <message>
        <source>g(z) = {0}(z)</source>
        <translation>g(z) = {0}(z)</translation>
    </message>
    <message>
        <source>the derivative g'(z)</source>
        <translation>导数 g'(z)</translation>
    </message>
    <message>
        <source>z now</source>
        <translation>当前 z</translation>
    </message>
    <message>
        <source>truth-table rows</source>
        <translation>真值表各行</translation>
    </message>
    <message>
        <source>saturated: g is flat, g' ≈ 0</source>
        <translation>饱和区：g 几乎不变，g' ≈ 0</translation>
    </message>
</context>
<context>
    <name>NeuronPresenter</name>
    <message>
        <source>sigmoid</source>
        <translation>sigmoid</translation>
    </message>
    <message>
        <source>tanh</source>
        <translation>tanh</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>leaky ReLU</source>
        <translation>leaky ReLU</translation>
    </message>
    <message>
        <source>step</source>
        <translation>阶跃</translation>
    </message>
    <message>
        <source>identity</source>
        <translation>恒等</translation>
    </message>
    <message>
        <source>AND</source>
        <translation>与 (AND)</translation>
    </message>
    <message>
        <source>OR</source>
        <translation>或 (OR)</translation>
    </message>
    <message>
        <source>NOT</source>
        <translation>非 (NOT)</translation>
    </message>
    <message>
        <source>Music festival</source>
        <translation>音乐节</translation>
    </message>
    <message>
        <source>custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>The article's AND neuron: only x1 = x2 = 1 makes z positive (z = 10, sigmoid(10) ≈ 1); every other row has z ≤ -10, where sigmoid ≈ 0.</source>
        <translation>文章中的“与 (AND)”神经元：只有 x1 = x2 = 1 时 z 为正（z = 10，sigmoid(10) ≈ 1）；其余各行 z ≤ -10，sigmoid ≈ 0。</translation>
    </message>
    <message>
        <source>OR: one input of 1 is enough, z = 20 - 10 = 10 &gt; 0; with none, z = -10.</source>
        <translation>或 (OR)：只要有一个输入为 1，z = 20 - 10 = 10 &gt; 0；全为 0 时 z = -10。</translation>
    </message>
    <message>
        <source>NOT: one input; x1 = 0 gives z = 10 (a ≈ 1), x1 = 1 gives z = -10 (a ≈ 0).</source>
        <translation>非 (NOT)：一个输入；x1 = 0 时 z = 10（a ≈ 1），x1 = 1 时 z = -10（a ≈ 0）。</translation>
    </message>
    <message>
        <source>Go to the music festival? x1 = you like the performers (weight 7), x2 = you have company (weight 3). The bias -5 is a threshold of 5: go (1) when 7·x1 + 3·x2 ≥ 5, so liking the performers decides.</source>
        <translation>去不去音乐节？x1 = 喜欢演出者（权重 7），x2 = 有人同去（权重 3）。偏置 -5 即阈值 5：7·x1 + 3·x2 ≥ 5 时去 (1)，所以喜不喜欢演出者起决定作用。</translation>
    </message>
    <message>
        <source>Your own neuron: change any number and watch z, a and the table follow.</source>
        <translation>你自己的神经元：改动任意一个数，看 z、a 和真值表随之变化。</translation>
    </message>
    <message>
        <source>There is no activation called {0}; choose one of {1}.</source>
        <translation>没有名为 {0} 的激活函数；请从 {1} 中选择。</translation>
    </message>
    <message>
        <source>A neuron here has {0} to {1} inputs, not {2}.</source>
        <translation>这里的神经元有 {0} 到 {1} 个输入，不能是 {2}。</translation>
    </message>
    <message>
        <source>There is no preset called {0}; choose one of {1}.</source>
        <translation>没有名为 {0} 的预设；请从 {1} 中选择。</translation>
    </message>
    <message>
        <source>There is no input {0}; this neuron has {1}.</source>
        <translation>没有第 {0} 个输入；这个神经元有 {1} 个输入。</translation>
    </message>
    <message>
        <source>{0} must be a number between -{1} and {1}, not {2}; it stays {3}.</source>
        <translation>{0} 必须是 -{1} 到 {1} 之间的数，不能是 {2}；仍为 {3}。</translation>
    </message>
</context>
<context>
    <name>ParametersPanel</name>
    <message>
        <source>Convolution</source>
        <translation>卷积</translation>
    </message>
    <message>
        <source>Kernel (h × w):</source>
        <translation>卷积核（高 × 宽）：</translation>
    </message>
    <message>
        <source>Filters (depth):</source>
        <translation>滤波器数（深度）：</translation>
    </message>
    <message>
        <source>Stride:</source>
        <translation>步长：</translation>
    </message>
    <message>
        <source>Padding:</source>
        <translation>填充：</translation>
    </message>
    <message>
        <source>Dilation:</source>
        <translation>空洞率：</translation>
    </message>
    <message>
        <source>Kernel height</source>
        <translation>卷积核高度</translation>
    </message>
    <message>
        <source>Kernel width</source>
        <translation>卷积核宽度</translation>
    </message>
    <message>
        <source>Filter presets</source>
        <translation>滤波器预设</translation>
    </message>
    <message>
        <source>custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>The preset the shown filter holds; "custom" once its weights are edited</source>
        <translation>当前滤波器所用的预设；权重被修改后显示“自定义”</translation>
    </message>
    <message>
        <source>Apply to this filter</source>
        <translation>用于当前滤波器</translation>
    </message>
    <message>
        <source>Apply to all</source>
        <translation>用于全部</translation>
    </message>
    <message>
        <source>Shapes</source>
        <translation>尺寸</translation>
    </message>
</context>
<context>
    <name>PoolView</name>
    <message>
        <source>Max pooling keeps the largest value of each window (outlined in black).</source>
        <translation>最大池化保留每个窗口中的最大值（黑框标出）。</translation>
    </message>
    <message>
        <source>Average pooling keeps the mean of each window.</source>
        <translation>平均池化保留每个窗口的平均值。</translation>
    </message>
    <message>
        <source>Max pooling</source>
        <translation>最大池化</translation>
    </message>
    <message>
        <source>Average pooling</source>
        <translation>平均池化</translation>
    </message>
    <message>
        <source>Input: after ReLU {0}×{1}×{2}</source>
        <translation>输入：ReLU 之后 {0}×{1}×{2}</translation>
    </message>
    <message>
        <source>{0} {1}×{2}, stride {3} → {4}×{5}×{6}</source>
        <translation>{0} {1}×{2}，步长 {3} → {4}×{5}×{6}</translation>
    </message>
</context>
<context>
    <name>Presets</name>
    <message>
        <source>Identity</source>
        <translation>恒等</translation>
    </message>
    <message>
        <source>Box blur</source>
        <translation>均值模糊</translation>
    </message>
    <message>
        <source>Gaussian blur</source>
        <translation>高斯模糊</translation>
    </message>
    <message>
        <source>Sharpen</source>
        <translation>锐化</translation>
    </message>
    <message>
        <source>Sobel x (vertical edges)</source>
        <translation>Sobel x（竖直边缘）</translation>
    </message>
    <message>
        <source>Sobel y (horizontal edges)</source>
        <translation>Sobel y（水平边缘）</translation>
    </message>
    <message>
        <source>Laplacian</source>
        <translation>拉普拉斯</translation>
    </message>
    <message>
        <source>Emboss</source>
        <translation>浮雕</translation>
    </message>
    <message>
        <source>The article's example A</source>
        <translation>文章中的例子 A</translation>
    </message>
    <message>
        <source>Demo filter w0</source>
        <translation>演示滤波器 w0</translation>
    </message>
    <message>
        <source>Demo filter w1</source>
        <translation>演示滤波器 w1</translation>
    </message>
    <message>
        <source>Random (−1, 0, 1)</source>
        <translation>随机（−1, 0, 1）</translation>
    </message>
</context>
<context>
    <name>ReluView</name>
    <message>
        <source>A negative value becomes 0; a positive one passes unchanged.</source>
        <translation>负值变为 0；正值原样通过。</translation>
    </message>
    <message>
        <source>Not negative: the value passes unchanged.</source>
        <translation>不是负数：数值原样通过。</translation>
    </message>
    <message>
        <source>Input: the convolution's output {0}×{1}×{2}</source>
        <translation>输入：卷积的输出 {0}×{1}×{2}</translation>
    </message>
    <message>
        <source>After ReLU {0}×{1}×{2}</source>
        <translation>激励层（ReLU）之后 {0}×{1}×{2}</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>激励层 ReLU</translation>
    </message>
</context>
<context>
    <name>SampleStrip</name>
    <message>
        <source>true</source>
        <translation>真实</translation>
    </message>
    <message>
        <source>predicted</source>
        <translation>预测</translation>
    </message>
</context>
<context>
    <name>Samples</name>
    <message>
        <source>The reference "X" (9×9)</source>
        <translation>参考“X”（9×9）</translation>
    </message>
    <message>
        <source>A shifted, distorted "X" (9×9)</source>
        <translation>平移、变形的“X”（9×9）</translation>
    </message>
    <message>
        <source>Edges and gradients (64×64)</source>
        <translation>边缘与渐变（64×64）</translation>
    </message>
</context>
<context>
    <name>ShapePanel</name>
    <message>
        <source>Output size = ⌊(n + 2·padding − kernel) / stride⌋ + 1</source>
        <translation>输出尺寸 = ⌊(n + 2·填充 − 卷积核) / 步长⌋ + 1</translation>
    </message>
    <message>
        <source>height: {0}</source>
        <translation>高：{0}</translation>
    </message>
    <message>
        <source>width: {0}</source>
        <translation>宽：{0}</translation>
    </message>
    <message>
        <source>output volume: {0}×{1}×{2} ({3} steps)</source>
        <translation>输出数据体：{0}×{1}×{2}（共 {3} 步）</translation>
    </message>
</context>
<context>
    <name>SoftmaxDetailView</name>
    <message>
        <source>Softmax probabilities: p_k = exp(z_k) / Σ_j exp(z_j)</source>
        <translation>Softmax 概率：p_k = exp(z_k) / Σ_j exp(z_j)</translation>
    </message>
    <message>
        <source>Every class's probability; together they add up to 1. Click a class.</source>
        <translation>每个类别的概率，合计为 1。点击一个类别查看其算式。</translation>
    </message>
</context>
<context>
    <name>StageBar</name>
    <message>
        <source>Update with learning rate {0}: loss {1} → {2}</source>
        <translation>学习率 {0} 的一次更新：损失 {1} → {2}</translation>
    </message>
    <message>
        <source>Central difference (L(w+ε) − L(w−ε)) / 2ε = {0}; analytic {1}; relative difference {2}</source>
        <translation>中心差分 (L(w+ε) − L(w−ε)) / 2ε = {0}；解析值 {1}；相对差 {2}</translation>
    </message>
    <message>
        <source>Forward:</source>
        <translation>前向：</translation>
    </message>
    <message>
        <source>Backward:</source>
        <translation>反向：</translation>
    </message>
    <message>
        <source>Convolution</source>
        <translation>卷积层</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>激励层 ReLU</translation>
    </message>
    <message>
        <source>Pooling</source>
        <translation>池化层</translation>
    </message>
    <message>
        <source>How each weight's gradient is summed</source>
        <translation>每个权重的梯度如何累加</translation>
    </message>
    <message>
        <source>How each bias's gradient is summed</source>
        <translation>每个偏置的梯度如何累加</translation>
    </message>
    <message>
        <source>How each input cell's gradient is summed</source>
        <translation>每个输入格的梯度如何累加</translation>
    </message>
    <message>
        <source>Pooling:</source>
        <translation>池化：</translation>
    </message>
    <message>
        <source>max</source>
        <translation>最大池化</translation>
    </message>
    <message>
        <source>average</source>
        <translation>平均池化</translation>
    </message>
    <message>
        <source>size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>stride</source>
        <translation>步长</translation>
    </message>
    <message>
        <source>Upstream gradient:</source>
        <translation>上游梯度：</translation>
    </message>
    <message>
        <source>all ones (L = Σ y)</source>
        <translation>全为 1（L = Σ y）</translation>
    </message>
    <message>
        <source>a target (L = ½ Σ (y − t)²)</source>
        <translation>目标值（L = ½ Σ (y − t)²）</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Apply update</source>
        <translation>执行更新</translation>
    </message>
    <message>
        <source>w ← w − learning rate · ∂L/∂w, for every weight and bias</source>
        <translation>w ← w − 学习率 · ∂L/∂w，对每个权重和偏置</translation>
    </message>
    <message>
        <source>Check gradient</source>
        <translation>检验梯度</translation>
    </message>
</context>
<context>
    <name>TrainerControls</name>
    <message>
        <source>Digits (8×8 handwritten)</source>
        <translation>手写数字（8×8）</translation>
    </message>
    <message>
        <source>Shapes (X, O, +, …)</source>
        <translation>图形（X、O、+ …）</translation>
    </message>
    <message>
        <source>My folder of images</source>
        <translation>我的图像文件夹</translation>
    </message>
    <message>
        <source>one sub-folder per class</source>
        <translation>每个类别一个子文件夹</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>max 2×2</source>
        <translation>最大池化 2×2</translation>
    </message>
    <message>
        <source>average 2×2</source>
        <translation>平均池化 2×2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>SGD with momentum 0.9</source>
        <translation>SGD（动量 0.9）</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Image size</source>
        <translation>图像大小</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>滤波器个数</translation>
    </message>
    <message>
        <source>Kernel size</source>
        <translation>卷积核大小</translation>
    </message>
    <message>
        <source>Pooling</source>
        <translation>池化</translation>
    </message>
    <message>
        <source>Hidden units</source>
        <translation>隐藏单元</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Optimiser</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Fixes the data split, the first weights and the batch order.</source>
        <translation>决定数据划分、初始权重和批次顺序。</translation>
    </message>
    <message>
        <source>Folder with one sub-folder per class</source>
        <translation>每个类别一个子文件夹的文件夹</translation>
    </message>
</context>
<context>
    <name>TrainerPanel</name>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Save model…</source>
        <translation>保存模型…</translation>
    </message>
    <message>
        <source>Load model…</source>
        <translation>加载模型…</translation>
    </message>
    <message>
        <source>Send filter to convolution view</source>
        <translation>把滤波器送到卷积视图</translation>
    </message>
    <message>
        <source>Watch the chosen filter slide over the chosen validation image, step by step.</source>
        <translation>逐步观看所选滤波器在所选验证图像上滑动。</translation>
    </message>
    <message>
        <source>Confusion matrix (validation)</source>
        <translation>混淆矩阵（验证集）</translation>
    </message>
    <message>
        <source>Start over from new random weights.</source>
        <translation>从新的随机权重重新开始。</translation>
    </message>
    <message>
        <source>Learned filters (first layer): click one to choose it</source>
        <translation>学到的滤波器（第一层）：点击选择</translation>
    </message>
    <message>
        <source>Validation samples: click one to choose it</source>
        <translation>验证样本：点击选择</translation>
    </message>
    <message>
        <source>Blue: positive weights, red: negative, white: zero.</source>
        <translation>蓝色：正权重，红色：负权重，白色：零。</translation>
    </message>
    <message>
        <source>Rows: true class. Columns: predicted class.</source>
        <translation>行：真实类别。列：预测类别。</translation>
    </message>
    <message>
        <source>Save model</source>
        <translation>保存模型</translation>
    </message>
    <message>
        <source>cnnviz model (*.npz)</source>
        <translation>cnnviz 模型 (*.npz)</translation>
    </message>
    <message>
        <source>Load model</source>
        <translation>加载模型</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>训练中…</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <source>Epoch {0}/{1}</source>
        <translation>第 {0}/{1} 轮</translation>
    </message>
    <message>
        <source>ETA {0} s</source>
        <translation>剩余约 {0} 秒</translation>
    </message>
</context>
<context>
    <name>TrainerPlots</name>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Accuracy (%)</source>
        <translation>准确率（%）</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>each batch</source>
        <translation>每个批次</translation>
    </message>
    <message>
        <source>training, per epoch</source>
        <translation>训练集，每轮</translation>
    </message>
    <message>
        <source>validation, per epoch</source>
        <translation>验证集，每轮</translation>
    </message>
</context>
<context>
    <name>TrainerPresenter</name>
    <message>
        <source>Images per class (training + validation):</source>
        <translation>每个类别的图像数（训练 + 验证）：</translation>
    </message>
    <message>
        <source>Stop training before changing the settings.</source>
        <translation>请先停止训练再修改设置。</translation>
    </message>
    <message>
        <source>Cannot use this dataset: {0}</source>
        <translation>无法使用该数据集：{0}</translation>
    </message>
    <message>
        <source>Could not start training: {0}</source>
        <translation>无法开始训练：{0}</translation>
    </message>
    <message>
        <source>Training finished.</source>
        <translation>训练完成。</translation>
    </message>
    <message>
        <source>Training stopped by an error: {0}</source>
        <translation>训练因错误而停止：{0}</translation>
    </message>
    <message>
        <source>Training diverged at epoch {0}, batch {1}: the loss became {2}. The learning rate {3} is too large; lower it (try {4}) and press Start again.</source>
        <translation>训练在第 {0} 轮第 {1} 批发散：损失变成了 {2}。学习率 {3} 太大；请调低（试试 {4}）后再按“开始”。</translation>
    </message>
    <message>
        <source>There is no trained model yet: press Start first.</source>
        <translation>还没有训练好的模型：请先按“开始”。</translation>
    </message>
    <message>
        <source>Pause or stop training first.</source>
        <translation>请先暂停或停止训练。</translation>
    </message>
    <message>
        <source>The model diverged; its weights are not numbers. Start again.</source>
        <translation>模型已发散，权重不再是有效数字。请重新开始。</translation>
    </message>
    <message>
        <source>Could not save the model: {0} is write-protected; it was left as it is.</source>
        <translation>无法保存模型：{0} 受写保护，已保持原样。</translation>
    </message>
    <message>
        <source>Could not save the model: {0}</source>
        <translation>无法保存模型：{0}</translation>
    </message>
    <message>
        <source>Saved the model to {0}.</source>
        <translation>模型已保存到 {0}。</translation>
    </message>
    <message>
        <source>Stop training before loading a model.</source>
        <translation>请先停止训练再加载模型。</translation>
    </message>
    <message>
        <source>Could not load the model: {0}</source>
        <translation>无法加载模型：{0}</translation>
    </message>
    <message>
        <source>This model was trained on {0} ({1} images, {2} classes); the current dataset has {3} images and {4} classes. Choose a matching dataset first.</source>
        <translation>该模型是在 {0} 上训练的（{1} 张图像，{2} 个类别）；当前数据集有 {3} 张图像、{4} 个类别。请先选择匹配的数据集。</translation>
    </message>
    <message>
        <source>Loaded {0}: {1:.1%} of the validation images right.</source>
        <translation>已加载 {0}：验证图像正确率 {1:.1%}。</translation>
    </message>
    <message>
        <source>There is no learned filter yet: press Start first.</source>
        <translation>还没有学到的滤波器：请先按“开始”。</translation>
    </message>
    <message>
        <source>The model diverged; its filters are not numbers. Start again.</source>
        <translation>模型已发散，滤波器不再是有效数字。请重新开始。</translation>
    </message>
    <message>
        <source>There is no filter {0} or sample {1}.</source>
        <translation>没有滤波器 {0} 或样本 {1}。</translation>
    </message>
    <message>
        <source>{0} sample {1} ({2}), filter {3}</source>
        <translation>{0} 样本 {1}（{2}），滤波器 {3}</translation>
    </message>
    <message>
        <source>Sent filter {0} to the convolution view.</source>
        <translation>已把滤波器 {0} 送到卷积视图。</translation>
    </message>
    <message>
        <source>{0}: {1} images of {2}, {3} classes; {4} for training, {5} for validation (split seed {6})</source>
        <translation>{0}：{1} 张 {2} 的图像，{3} 个类别；{4} 张用于训练，{5} 张用于验证（划分种子 {6}）</translation>
    </message>
    <message>
        <source>; pixels standardised: (x − mean {0}) / std {1}</source>
        <translation>；像素已标准化：(x − 均值 {0}) / 标准差 {1}</translation>
    </message>
    <message>
        <source>; unreadable files skipped: {0}</source>
        <translation>；跳过的无法读取的文件：{0} 个</translation>
    </message>
    <message>
        <source>; {0} images left out: at most {1} per class are read</source>
        <translation>；有 {0} 张图像未读入：每个类别最多读取 {1} 张</translation>
    </message>
</context>
<context>
    <name>TransportBar</name>
    <message>
        <source>First step (Home)</source>
        <translation>第一步（Home）</translation>
    </message>
    <message>
        <source>Step back (←)</source>
        <translation>后退一步（←）</translation>
    </message>
    <message>
        <source>Pause (Space)</source>
        <translation>暂停（空格）</translation>
    </message>
    <message>
        <source>Play (Space)</source>
        <translation>播放（空格）</translation>
    </message>
    <message>
        <source>Step forward (→)</source>
        <translation>前进一步（→）</translation>
    </message>
    <message>
        <source>Last step (End)</source>
        <translation>最后一步（End）</translation>
    </message>
    <message>
        <source>Drag to any step</source>
        <translation>拖动到任意一步</translation>
    </message>
    <message>
        <source>Speed:</source>
        <translation>速度：</translation>
    </message>
    <message>
        <source> steps/s</source>
        <translation> 步/秒</translation>
    </message>
</context>
<context>
    <name>WeightGradView</name>
    <message>
        <source>Input (padded)</source>
        <translation>输入（已填充）</translation>
    </message>
    <message>
        <source>channel {0}</source>
        <translation>通道 {0}</translation>
    </message>
    <message>
        <source>Upstream gradient dy</source>
        <translation>上游梯度 dy</translation>
    </message>
    <message>
        <source>∂L/∂w{0}: {1}×{2}×{3}</source>
        <translation>∂L/∂w{0}：{1}×{2}×{3}</translation>
    </message>
    <message>
        <source>{0} more terms (sum {1})</source>
        <translation>另外 {0} 项（和为 {1}）</translation>
    </message>
    <message>
        <source>∂L/∂w · step {0} / {1} · filter w{2}, channel {3}, weight row {4}, column {5}</source>
        <translation>∂L/∂w · 第 {0} / {1} 步 · 滤波器 w{2}，通道 {3}，权重 行 {4}，列 {5}</translation>
    </message>
</context>
</TS>
