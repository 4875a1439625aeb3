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
        <source>w{0} output row {1}, column {2}:</source>
        <translation>w{0} 的输出 行 {1}，列 {2}：</translation>
    </message>
    <message>
        <source>Copy the arithmetic</source>
        <translation>复制算式</translation>
    </message>
    <message>
        <source>Copy the arithmetic as LaTeX</source>
        <translation>复制算式（LaTeX）</translation>
    </message>
</context>
<context>
    <name>BackwardStages</name>
    <message>
        <source>The upstream gradient is all ones, comes from a target or from the network.</source>
        <translation>上游梯度可以全为 1、来自目标值，或来自网络。</translation>
    </message>
    <message>
        <source>The network's gradient belongs to a cell sent from the Network tab, with its input and one filter: send one again.</source>
        <translation>网络的梯度属于从“网络”页发送来的格子（连同它的输入和一个滤波器）：请重新发送一个。</translation>
    </message>
    <message>
        <source>The network's gradient does not fit this session.</source>
        <translation>网络的梯度与当前会话不匹配。</translation>
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
    <name>ChannelPicker</name>
    <message>
        <source>input channel {0} (of {1})</source>
        <translation>输入通道 {0}（共 {1} 个）</translation>
    </message>
    <message>
        <source>Previous input channel (Shift+C)</source>
        <translation>上一个输入通道（Shift+C）</translation>
    </message>
    <message>
        <source>Next input channel (C)</source>
        <translation>下一个输入通道（C）</translation>
    </message>
</context>
<context>
    <name>CodePanel</name>
    <message>
        <source>This session cannot be written as code: {0}</source>
        <translation>当前会话无法写成代码：{0}</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>已复制到剪贴板。</translation>
    </message>
    <message>
        <source>Checking with PyTorch in a separate process…</source>
        <translation>正在另一个进程中用 PyTorch 核对……</translation>
    </message>
    <message>
        <source>As code</source>
        <translation>写成代码</translation>
    </message>
    <message>
        <source>This session as NumPy and PyTorch code</source>
        <translation>把当前会话写成 NumPy 和 PyTorch 代码</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the code shown to the clipboard</source>
        <translation>把显示的代码复制到剪贴板</translation>
    </message>
    <message>
        <source>Check with PyTorch</source>
        <translation>用 PyTorch 核对</translation>
    </message>
    <message>
        <source>Compute the same with PyTorch, if it is installed, and show the largest difference</source>
        <translation>若已安装 PyTorch，用它计算同样的结果并显示最大差值</translation>
    </message>
</context>
<context>
    <name>CodeText</name>
    <message>
        <source>target (F, OH, OW)</source>
        <translation>目标值 (F, OH, OW)</translation>
    </message>
    <message>
        <source>output (F, OH, OW)</source>
        <translation>输出 (F, OH, OW)</translation>
    </message>
    <message>
        <source>{0}: the {1} stage, as cnnviz computes it (run it with python3)</source>
        <translation>{0}：{1} 阶段，与 cnnviz 的计算相同（用 python3 运行）</translation>
    </message>
    <message>
        <source>this session</source>
        <translation>当前会话</translation>
    </message>
    <message>
        <source>File → Save lesson… writes it: its x.npy, w.npy, b.npy are these arrays</source>
        <translation>由“文件 → 保存课件…”写出：其中的 x.npy、w.npy、b.npy 就是这些数组</translation>
    </message>
    <message>
        <source>written by np.savez(file, x=x, w=w, b=b) with the arrays this session shows</source>
        <translation>用 np.savez(file, x=x, w=w, b=b) 写出当前会话显示的数组</translation>
    </message>
    <message>
        <source>filters (C_in, C_out, KH, KW)</source>
        <translation>滤波器 (C_in, C_out, KH, KW)</translation>
    </message>
    <message>
        <source>filters (F, C, KH, KW)</source>
        <translation>滤波器 (F, C, KH, KW)</translation>
    </message>
    <message>
        <source>filters (F, C/groups, KH, KW)</source>
        <translation>滤波器 (F, C/groups, KH, KW)</translation>
    </message>
    <message>
        <source>input (C, H, W)</source>
        <translation>输入 (C, H, W)</translation>
    </message>
    <message>
        <source>biases (F,)</source>
        <translation>偏置 (F,)</translation>
    </message>
    <message>
        <source>true convolution: the kernel turned by 180°</source>
        <translation>真卷积：卷积核旋转 180°</translation>
    </message>
    <message>
        <source>the same in PyTorch, after the NumPy code (x, w, b as defined there)</source>
        <translation>用 PyTorch 计算同样的结果，接在 NumPy 代码之后运行（x、w、b 即其中定义的数组）</translation>
    </message>
</context>
<context>
    <name>ConfusionView</name>
    <message>
        <source>predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>true</source>
        <translation>真实</translation>
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
        <source>Border cell (row {0}, column {1}): zero padding, it holds 0.</source>
        <translation>边框格（行 {0}，列 {1}）：零填充，值为 0。</translation>
    </message>
    <message>
        <source>Border cell (row {0}, column {1}): {2} padding copies input row {3}, column {4} (marked in teal).</source>
        <translation>边框格（行 {0}，列 {1}）：{2}填充复制了输入的行 {3}，列 {4}（青色标出）。</translation>
    </message>
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
        <source>Input {0}×{1}×{2} spread out with stride − 1 = {3} zero(s) between cells, padded to {4}×{5}×{2}</source>
        <translation>输入 {0}×{1}×{2}：格子之间插入 步长 − 1 = {3} 个零，再填充为 {4}×{5}×{2}</translation>
    </message>
    <message>
        <source>Input volume {0}×{1}×{2}, {5}-padded to {3}×{4}×{2}</source>
        <translation>输入数据体 {0}×{1}×{2}，{5}填充为 {3}×{4}×{2}</translation>
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
        <source>Format:</source>
        <translation>格式：</translation>
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
    <name>ExportFormatBox</name>
    <message>
        <source>GIF animations (*.gif)</source>
        <translation>GIF 动画 (*.gif)</translation>
    </message>
    <message>
        <source>Animated PNG (*.apng)</source>
        <translation>APNG 动画 (*.apng)</translation>
    </message>
    <message>
        <source>WebP animations (*.webp)</source>
        <translation>WebP 动画 (*.webp)</translation>
    </message>
    <message>
        <source>MP4 videos (*.mp4)</source>
        <translation>MP4 视频 (*.mp4)</translation>
    </message>
    <message>
        <source>GIF (.gif)</source>
        <translation>GIF (.gif)</translation>
    </message>
    <message>
        <source>Animated PNG, lossless (.apng)</source>
        <translation>APNG 动画，无损 (.apng)</translation>
    </message>
    <message>
        <source>WebP, lossless (.webp)</source>
        <translation>WebP 动画，无损 (.webp)</translation>
    </message>
    <message>
        <source>MP4 video, H.264 (.mp4)</source>
        <translation>MP4 视频，H.264 (.mp4)</translation>
    </message>
</context>
<context>
    <name>ExportJob</name>
    <message>
        <source>Writing {0} needs the optional video library. Install it with:
{1}</source>
        <translation>写入 {0} 需要可选的视频库。安装方法：
{1}</translation>
    </message>
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
        <source>Save the convolution, step by step, as a looping GIF, APNG or WebP, or as an MP4 video</source>
        <translation>将卷积过程逐步保存为循环播放的 GIF、APNG 或 WebP 动画，或 MP4 视频</translation>
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
    <message>
        <source>Output channel {0}'s kernels w[:, {0}] (PyTorch's (C_in, C_out, KH, KW)), used flipped (rotated 180°) over the zero-inserted input.</source>
        <translation>输出通道 {0} 的卷积核 w[:, {0}]（PyTorch 的 (C_in, C_out, KH, KW) 布局），翻转（旋转 180°）后在插零的输入上滑动。</translation>
    </message>
    <message>
        <source>True convolution: the kernel is used flipped (rotated 180°); the arithmetic shows the flipped weights.</source>
        <translation>真卷积：卷积核翻转（旋转 180°）后使用；下方算式写的是翻转后的权重。</translation>
    </message>
    <message>
        <source>Groups {0}: w{1} sees input channel(s) {2} of {3}.</source>
        <translation>分组 {0}：w{1} 只看 {3} 个输入通道中的通道 {2}。</translation>
    </message>
</context>
<context>
    <name>GoToStepDialog</name>
    <message>
        <source>Go to step</source>
        <translation>转到步骤</translation>
    </message>
    <message>
        <source>Step (1–{0}):</source>
        <translation>步骤（1–{0}）：</translation>
    </message>
</context>
<context>
    <name>GradStageView</name>
    <message>
        <source>Upstream gradient: all ones, the gradient of L = Σ y (the sum of every output) = {0}</source>
        <translation>上游梯度：全为 1，即 L = Σ y（所有输出之和）的梯度；L = {0}</translation>
    </message>
    <message>
        <source>Upstream gradient: the network's. L = −log p(“{0}”) = {1}, its cross-entropy for {2}</source>
        <translation>上游梯度：来自网络。L = −log p(“{0}”) = {1}，即网络对{2}的交叉熵</translation>
    </message>
    <message>
        <source>Upstream gradient: the network's. L = −log p(“{0}”) = {1}, with the class it predicts for {2} as the label (it has no true class)</source>
        <translation>上游梯度：来自网络。L = −log p(“{0}”) = {1}，以网络对{2}预测的类别为标签（它没有真实类别）</translation>
    </message>
    <message>
        <source>Upstream gradient: dy = y − t, the gradient of L = ½ Σ (y − t)² = {0}</source>
        <translation>上游梯度：dy = y − t，即 L = ½ Σ (y − t)² 的梯度；L = {0}</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标值</translation>
    </message>
    <message>
        <source>Target t for output w{0}, row {1}, column {2} (y = {3}):</source>
        <translation>输出 w{0}（行 {1}，列 {2}）的目标值 t（y = {3}）：</translation>
    </message>
</context>
<context>
    <name>HandoutButtons</name>
    <message>
        <source>Export log…</source>
        <translation>导出日志…</translation>
    </message>
    <message>
        <source>Save every batch's and epoch's loss and accuracy as a CSV table.</source>
        <translation>把每个批次和每轮的损失与准确率保存为 CSV 表格。</translation>
    </message>
    <message>
        <source>Save plots…</source>
        <translation>保存图表…</translation>
    </message>
    <message>
        <source>Save the loss and accuracy curves and the confusion matrix as PNG images in a folder.</source>
        <translation>把损失与准确率曲线和混淆矩阵保存为文件夹中的 PNG 图像。</translation>
    </message>
    <message>
        <source>Export training log</source>
        <translation>导出训练日志</translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <source>Save plots in folder</source>
        <translation>把图表保存到文件夹</translation>
    </message>
</context>
<context>
    <name>HistoryBar</name>
    <message>
        <source>History:</source>
        <translation>历史：</translation>
    </message>
    <message>
        <source>change since the start</source>
        <translation>相对开始时的变化</translation>
    </message>
    <message>
        <source>Replay the first layer's filters: kept at the start, at every epoch's end and every few batches. At the right end the filters follow training.</source>
        <translation>回放第一层的滤波器：在开始时、每轮结束时和每隔几个批次各保存一次。滑块在最右端时，滤波器随训练实时更新。</translation>
    </message>
    <message>
        <source>Show how much each weight has moved since the start of the run: blue grew, red shrank.</source>
        <translation>显示每个权重自本次训练开始以来变化了多少：蓝色表示增大，红色表示减小。</translation>
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
        <source>{0}: {1}×{2}×{3} input, {6}-padded to {4}×{5}×{3}</source>
        <translation>{0}：{1}×{2}×{3} 的输入，{6}填充为 {4}×{5}×{3}</translation>
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
    <name>KeyboardHelpDialog</name>
    <message>
        <source>Output grid</source>
        <translation>输出网格</translation>
    </message>
    <message>
        <source>Move over the output cells (click the output first)</source>
        <translation>在输出格之间移动（先点击输出）</translation>
    </message>
    <message>
        <source>Arrow keys</source>
        <translation>方向键</translation>
    </message>
    <message>
        <source>Cells</source>
        <translation>数字格</translation>
    </message>
    <message>
        <source>Change a weight or the bias</source>
        <translation>修改权重或偏置</translation>
    </message>
    <message>
        <source>Double-click, then Enter</source>
        <translation>双击，然后按 Enter</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>A presentation clicker's Page Down and Page Up step forward and back. The Convolution tab's keys act only while it is shown; Esc leaves a field.</source>
        <translation>翻页笔的 Page Down 和 Page Up 键前进、后退一步。“卷积”选项卡的按键只在它显示时起作用；按 Esc 离开输入框。</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>菜单</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
</context>
<context>
    <name>LessonSession</name>
    <message>
        <source>the file does not exist.</source>
        <translation>文件不存在。</translation>
    </message>
    <message>
        <source>this is a folder, not a lesson file.</source>
        <translation>这是一个文件夹，不是课件文件。</translation>
    </message>
    <message>
        <source>the file cannot be read.</source>
        <translation>无法读取该文件。</translation>
    </message>
    <message>
        <source>this is not a cnnviz lesson file.</source>
        <translation>这不是 cnnviz 课件文件。</translation>
    </message>
    <message>
        <source>it was made by a newer version of cnnviz; update cnnviz to open it.</source>
        <translation>它由更新版本的 cnnviz 制作；请更新 cnnviz 后再打开。</translation>
    </message>
    <message>
        <source>the file is damaged or was changed by another program.</source>
        <translation>文件已损坏，或被其他程序改动过。</translation>
    </message>
    <message>
        <source>it holds a pickled array, which cnnviz never opens.</source>
        <translation>其中含有 pickle 序列化的数组，cnnviz 从不打开这种数组。</translation>
    </message>
    <message>
        <source>it is far larger than any lesson cnnviz makes.</source>
        <translation>它远大于 cnnviz 制作的任何课件。</translation>
    </message>
    <message>
        <source>one of its settings cannot be used.</source>
        <translation>其中有一项设置无法使用。</translation>
    </message>
    <message>
        <source>its step is past the last step of its stage.</source>
        <translation>它所在的步骤超出了该阶段的最后一步。</translation>
    </message>
    <message>
        <source>the file is write-protected; it was left as it is.</source>
        <translation>文件受写保护，已保持原样。</translation>
    </message>
    <message>
        <source>the file cannot be written there.</source>
        <translation>无法在该位置写入文件。</translation>
    </message>
    <message>
        <source>Could not save the lesson {0}: {1}</source>
        <translation>无法保存课件 {0}：{1}</translation>
    </message>
    <message>
        <source>Could not save the lesson: {1}</source>
        <translation>无法保存课件：{1}</translation>
    </message>
    <message>
        <source>Could not open the lesson {0}: {1}</source>
        <translation>无法打开课件 {0}：{1}</translation>
    </message>
    <message>
        <source>Could not open the lesson: {1}</source>
        <translation>无法打开课件：{1}</translation>
    </message>
    <message>
        <source>({0})</source>
        <translation>（{0}）</translation>
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
        <source>Open a lesson</source>
        <translation>打开课件</translation>
    </message>
    <message>
        <source>cnnviz lessons (*{0});;All files (*)</source>
        <translation>cnnviz 课件 (*{0});;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save the lesson</source>
        <translation>保存课件</translation>
    </message>
    <message>
        <source>cnnviz lessons (*{0})</source>
        <translation>cnnviz 课件 (*{0})</translation>
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
        <source>Open &amp;lesson…</source>
        <translation>打开课件(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Save lesson…</source>
        <translation>保存课件(&amp;S)…</translation>
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
        <source>Make &amp;worksheet…</source>
        <translation>生成练习卷(&amp;W)…</translation>
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
    <name>NetworkDetail</name>
    <message>
        <source>channel {0}</source>
        <translation>通道 {0}</translation>
    </message>
    <message>
        <source>bias</source>
        <translation>偏置</translation>
    </message>
    <message>
        <source>Click any value in the network to see how it was computed. Hover a value to mark what feeds it in the layer before; a click also outlines, in green on the input, every pixel that can change it (its receptive field).</source>
        <translation>点击网络中的任意数值，查看它是如何算出来的。鼠标悬停在数值上，会在前一层标出它的输入；点击还会在输入上用绿色框出所有能影响它的像素（它的感受野）。</translation>
    </message>
    <message>
        <source>Receptive field: input rows {0}–{1}, columns {2}–{3} ({4}×{5} pixels), outlined in green.</source>
        <translation>感受野：输入的第 {0}–{1} 行、第 {2}–{3} 列（{4}×{5} 个像素），已用绿色框出。</translation>
    </message>
    <message>
        <source>{0} · filter {1}, row {2}, column {3} = {4}: Σ window × filter + bias</source>
        <translation>{0} · 滤波器 {1}，第 {2} 行第 {3} 列 = {4}：Σ 窗口 × 滤波器 + 偏置</translation>
    </message>
    <message>
        <source>Open in Convolution tab</source>
        <translation>在“卷积”页中打开</translation>
    </message>
    <message>
        <source>row {0}, column {1}</source>
        <translation>第 {0} 行第 {1} 列</translation>
    </message>
    <message>
        <source>{2} · probability of class {0} = {1}: exp(z_k) / Σ_j exp(z_j)</source>
        <translation>{2} · 类别 {0} 的概率 = {1}：exp(z_k) / Σ_j exp(z_j)</translation>
    </message>
    <message>
        <source>input · {0} = {1}: the picture after standardising</source>
        <translation>输入 · {0} = {1}：标准化之后的图像</translation>
    </message>
    <message>
        <source>{2} · ReLU at {0} = {1}: max(0, x)</source>
        <translation>{2} · {0} 处的 ReLU = {1}：max(0, x)</translation>
    </message>
    <message>
        <source>{2} · max pooling at {0} = {1}: the largest value in the window</source>
        <translation>{2} · {0} 处的最大池化 = {1}：窗口中的最大值</translation>
    </message>
    <message>
        <source>{2} · average pooling at {0} = {1}: the mean of the window</source>
        <translation>{2} · {0} 处的平均池化 = {1}：窗口的平均值</translation>
    </message>
    <message>
        <source>{2} · neuron {0} = {1}</source>
        <translation>{2} · 神经元 {0} = {1}</translation>
    </message>
    <message>
        <source>channel {0}, </source>
        <translation>通道 {0}，</translation>
    </message>
</context>
<context>
    <name>NetworkPage</name>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Trainer's model</source>
        <translation>训练页的模型</translation>
    </message>
    <message>
        <source>The Trainer tab's model, untrained, training (followed live) or trained.</source>
        <translation>“训练”页中的模型：未训练、训练中（实时跟随）或已训练。</translation>
    </message>
    <message>
        <source>Open model…</source>
        <translation>打开模型…</translation>
    </message>
    <message>
        <source>Open image…</source>
        <translation>打开图像…</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Or draw (white on black), shown as it is fed:</source>
        <translation>或者手绘（黑底白字），按输入网络时的样子显示：</translation>
    </message>
    <message>
        <source>One square per channel: blue positive, red negative, white zero, one scale per layer (±max above it). Hover: its inputs in pink. Click: how it was computed.</source>
        <translation>每个方块是一个通道：蓝色为正，红色为负，白色为零；每层共用一个色标（上方写着 ±最大值）。悬停：用粉色标出它的输入。点击：查看它的计算过程。</translation>
    </message>
    <message>
        <source>No validation samples fit this model: open an image or draw.</source>
        <translation>没有适合这个模型的验证样本：请打开图像或手绘。</translation>
    </message>
    <message>
        <source>Validation samples ({0}, split seed {1}): click one</source>
        <translation>验证样本（{0}，划分种子 {1}）：点击选择</translation>
    </message>
    <message>
        <source>Input: {0}</source>
        <translation>输入：{0}</translation>
    </message>
    <message>
        <source>Open model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>cnnviz model (*.npz)</source>
        <translation>cnnviz 模型 (*.npz)</translation>
    </message>
    <message>
        <source>Open an image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <source>Images ({0});;All files (*)</source>
        <translation>图像 ({0});;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>NetworkPresenter</name>
    <message>
        <source>There is no trainer to take a model from.</source>
        <translation>没有可以取用模型的训练器。</translation>
    </message>
    <message>
        <source>The trainer's model cannot be shown: {0}</source>
        <translation>无法显示训练器的模型：{0}</translation>
    </message>
    <message>
        <source>The trainer has no data yet: choose a dataset in the Trainer tab.</source>
        <translation>训练器还没有数据：请先在“训练”页选择数据集。</translation>
    </message>
    <message>
        <source>Could not open the model: {0}</source>
        <translation>无法打开模型：{0}</translation>
    </message>
    <message>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>unit {0}</source>
        <translation>单元 {0}</translation>
    </message>
    <message>
        <source>Select a cell of a convolution layer first.</source>
        <translation>请先选择卷积层中的一个数值。</translation>
    </message>
    <message>
        <source>{0}, filter {1} (Network tab)</source>
        <translation>{0}，滤波器 {1}（网络页）</translation>
    </message>
    <message>
        <source>There is no validation sample {0} for this model.</source>
        <translation>这个模型没有第 {0} 个验证样本。</translation>
    </message>
    <message>
        <source>Choose a model first.</source>
        <translation>请先选择模型。</translation>
    </message>
    <message>
        <source>The input must have the model's shape.</source>
        <translation>输入的形状必须与模型一致。</translation>
    </message>
    <message>
        <source>validation sample {0} (true class: {1})</source>
        <translation>验证样本 {0}（真实类别：{1}）</translation>
    </message>
    <message>
        <source>image file {0}</source>
        <translation>图像文件 {0}</translation>
    </message>
    <message>
        <source>an array</source>
        <translation>一个数组</translation>
    </message>
    <message>
        <source>your drawing</source>
        <translation>你的手绘</translation>
    </message>
    <message>
        <source>untrained: the weights training starts from</source>
        <translation>未训练：训练开始时的初始权重</translation>
    </message>
    <message>
        <source>an empty drawing</source>
        <translation>空白手绘</translation>
    </message>
    <message>
        <source>No model yet.</source>
        <translation>还没有模型。</translation>
    </message>
    <message>
        <source>training: the view follows it live</source>
        <translation>训练中：视图实时跟随</translation>
    </message>
    <message>
        <source>trained</source>
        <translation>已训练</translation>
    </message>
    <message>
        <source>diverged: the last weights that were numbers</source>
        <translation>已发散：显示最后一组有效权重</translation>
    </message>
    <message>
        <source>The Trainer tab's model ({0})</source>
        <translation>“训练”页的模型（{0}）</translation>
    </message>
    <message>
        <source>{0}, trained on {1}</source>
        <translation>{0}，在 {1} 上训练</translation>
    </message>
    <message>
        <source>{0}×{1}×{2} input, {3} layers, {4} classes</source>
        <translation>{0}×{1}×{2} 输入，{3} 层，{4} 个类别</translation>
    </message>
    <message>
        <source>Prediction: {0}</source>
        <translation>预测：{0}</translation>
    </message>
    <message>
        <source>grey</source>
        <translation>灰度</translation>
    </message>
    <message>
        <source>{0} channels</source>
        <translation>{0} 个通道</translation>
    </message>
    <message>
        <source>Fed like the trainer's data: {0}, resized to {1}×{2}, then (x − {3}) / {4}</source>
        <translation>与训练数据同样处理：{0}，缩放到 {1}×{2}，再计算 (x − {3}) / {4}</translation>
    </message>
    <message>
        <source>This model takes {0}-channel images; only grey or RGB files can be fed.</source>
        <translation>这个模型的输入是 {0} 通道图像；只能输入灰度或 RGB 图像。</translation>
    </message>
    <message>
        <source>{0}: the file does not exist</source>
        <translation>{0}：文件不存在</translation>
    </message>
    <message>
        <source>{0}: this is a folder, not an image file</source>
        <translation>{0}：这是文件夹，不是图像文件</translation>
    </message>
    <message>
        <source>{0}: the file is empty</source>
        <translation>{0}：文件是空的</translation>
    </message>
    <message>
        <source>{0}: this is not an image file cnnviz can read</source>
        <translation>{0}：这不是 cnnviz 能读取的图像文件</translation>
    </message>
    <message>
        <source>{0}: permission denied</source>
        <translation>{0}：没有权限</translation>
    </message>
    <message>
        <source>{0}: the image is too large to open safely</source>
        <translation>{0}：图像太大，无法安全打开</translation>
    </message>
</context>
<context>
    <name>NetworkTab</name>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Open &amp;model… (Network tab)</source>
        <translation>打开模型(&amp;M)…（网络页）</translation>
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
    <name>NotePanel</name>
    <message>
        <source>{0:,} characters: a lesson keeps at most {1:,}; shorten the note to save it.</source>
        <translation>{0:,} 个字符：课件最多保存 {1:,} 个；请缩短备注后再保存。</translation>
    </message>
    <message>
        <source>Teacher's note</source>
        <translation>教师备注</translation>
    </message>
    <message>
        <source>Show or hide the note saved with the lesson</source>
        <translation>显示或隐藏随课件保存的备注</translation>
    </message>
    <message>
        <source>A note for the class: what to look at, what to ask. File → Save lesson… keeps it.</source>
        <translation>写给全班的备注：看什么、问什么。“文件 → 保存课件…”会一并保存。</translation>
    </message>
</context>
<context>
    <name>PaddingModes</name>
    <message>
        <source>zeros</source>
        <translation>零</translation>
    </message>
    <message>
        <source>reflect</source>
        <translation>反射</translation>
    </message>
    <message>
        <source>replicate</source>
        <translation>复制边缘</translation>
    </message>
    <message>
        <source>circular</source>
        <translation>循环</translation>
    </message>
</context>
<context>
    <name>ParametersPanel</name>
    <message>
        <source>depthwise: one channel per filter</source>
        <translation>深度卷积：每个滤波器一个通道</translation>
    </message>
    <message>
        <source>{0} channel(s) per filter</source>
        <translation>每个滤波器 {0} 个通道</translation>
    </message>
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
        <source>Padding mode:</source>
        <translation>填充方式：</translation>
    </message>
    <message>
        <source>Groups:</source>
        <translation>分组：</translation>
    </message>
    <message>
        <source>Output padding:</source>
        <translation>输出填充：</translation>
    </message>
    <message>
        <source>What the padded border holds (PyTorch's padding_mode)</source>
        <translation>填充的边框里放什么（PyTorch 的 padding_mode）</translation>
    </message>
    <message>
        <source>True convolution (flip the kernel)</source>
        <translation>真卷积（翻转卷积核）</translation>
    </message>
    <message>
        <source>The mathematician's convolution: the kernel rotated 180°. Off: cross-correlation, what deep-learning libraries compute.</source>
        <translation>数学意义上的卷积：卷积核旋转 180°。不勾选：互相关，也就是深度学习库实际计算的。</translation>
    </message>
    <message>
        <source>Split the channels into groups; each filter sees its own group only</source>
        <translation>把通道分成若干组；每个滤波器只看自己那一组</translation>
    </message>
    <message>
        <source>Transposed convolution</source>
        <translation>转置卷积</translation>
    </message>
    <message>
        <source>Each input cell scatters w·x into a larger output (PyTorch's conv_transpose2d)</source>
        <translation>每个输入格把 w·x 散布到更大的输出上（PyTorch 的 conv_transpose2d）</translation>
    </message>
    <message>
        <source>Extra rows and columns at the bottom and right of a transposed convolution's output</source>
        <translation>转置卷积输出的下方和右侧多出的行和列</translation>
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
    <name>Presentation</name>
    <message>
        <source>&amp;Presentation mode</source>
        <translation>放映模式(&amp;P)</translation>
    </message>
    <message>
        <source>Full screen, large text, no side panel (Esc leaves)</source>
        <translation>全屏、大字、隐藏侧栏（按 Esc 退出）</translation>
    </message>
    <message>
        <source>Zoom &amp;in (larger text)</source>
        <translation>放大(&amp;I)（文字更大）</translation>
    </message>
    <message>
        <source>Zoom &amp;out (smaller text)</source>
        <translation>缩小(&amp;O)（文字更小）</translation>
    </message>
    <message>
        <source>&amp;Normal text size</source>
        <translation>正常文字大小(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;High-contrast theme</source>
        <translation>高对比度主题(&amp;H)</translation>
    </message>
    <message>
        <source>Next input channel (presentation mode)</source>
        <translation>下一个输入通道（放映模式）</translation>
    </message>
    <message>
        <source>Previous input channel (presentation mode)</source>
        <translation>上一个输入通道（放映模式）</translation>
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
    <name>SessionInput</name>
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
        <source>The transposed convolution is shown as scatter or direct.</source>
        <translation>转置卷积只能以“散布”或“直接卷积”方式显示。</translation>
    </message>
    <message>
        <source>This session cannot be shown on the {0} stage.</source>
        <translation>当前会话无法在 {0} 阶段显示。</translation>
    </message>
    <message>
        <source>The target must have the output's shape.</source>
        <translation>目标值的形状必须与输出相同。</translation>
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
</context>
<context>
    <name>ShapePanel</name>
    <message>
        <source>Output size = (n − 1)·stride − 2·padding + dilation·(kernel − 1) + output_padding + 1</source>
        <translation>输出大小 = (n − 1)·步长 − 2·填充 + 空洞率·(卷积核 − 1) + 输出填充 + 1</translation>
    </message>
    <message>
        <source>Output size = ⌊(n + 2·padding − kernel) / stride⌋ + 1</source>
        <translation>输出尺寸 = ⌊(n + 2·填充 − 卷积核) / 步长⌋ + 1</translation>
    </message>
    <message>
        <source>filters {0} = {1}</source>
        <translation>滤波器 {0} = {1}</translation>
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
        <source>(not for this variant)</source>
        <translation>（此卷积变体不提供）</translation>
    </message>
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
        <source>Transposed convolution, stepped as:</source>
        <translation>转置卷积的逐步方式：</translation>
    </message>
    <message>
        <source>each input cell scattering w·x</source>
        <translation>每个输入格散布 w·x</translation>
    </message>
    <message>
        <source>a convolution over the zero-inserted input</source>
        <translation>在插零的输入上做普通卷积</translation>
    </message>
    <message>
        <source>One step per input cell: x·w is added to the output where the kernel lands</source>
        <translation>每个输入格一步：x·w 加到卷积核落在输出上的位置</translation>
    </message>
    <message>
        <source>The same output as an ordinary convolution: zeros between the input cells, padding around, the kernel flipped</source>
        <translation>用普通卷积得到同样的输出：输入格之间插零，四周填充，卷积核翻转</translation>
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
        <source>the network's gradient (its cross-entropy)</source>
        <translation>网络的梯度（其交叉熵）</translation>
    </message>
    <message>
        <source>For a cell sent from the Network tab: the whole network's loss for that input</source>
        <translation>用于从“网络”页发送来的格子：整个网络对该输入的损失</translation>
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
    <name>StepActionsHook</name>
    <message>
        <source>Save step as PNG</source>
        <translation>将本步存为 PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>&amp;Predict, then reveal</source>
        <translation>先预测，再揭晓(&amp;P)</translation>
    </message>
    <message>
        <source>Hide each step's result as “?” until you reveal it, so the class can predict it first</source>
        <translation>每一步的结果先显示为“?”，揭晓前全班可以先预测</translation>
    </message>
    <message>
        <source>Re&amp;veal the answer</source>
        <translation>揭晓答案(&amp;V)</translation>
    </message>
    <message>
        <source>Next multiply-add</source>
        <translation>下一个乘加</translation>
    </message>
    <message>
        <source>Previous multiply-add</source>
        <translation>上一个乘加</translation>
    </message>
    <message>
        <source>&amp;Copy step as image</source>
        <translation>复制本步为图片(&amp;C)</translation>
    </message>
    <message>
        <source>Save step as &amp;PNG…</source>
        <translation>将本步存为 &amp;PNG…</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
</context>
<context>
    <name>SteppingKeys</name>
    <message>
        <source>Show &amp;filter</source>
        <translation>显示滤波器(&amp;F)</translation>
    </message>
    <message>
        <source>Filter {0} (w{1}), same output position</source>
        <translation>滤波器 {0}（w{1}），输出位置不变</translation>
    </message>
    <message>
        <source>&amp;Go to step…</source>
        <translation>转到步骤(&amp;G)…</translation>
    </message>
    <message>
        <source>Back to the stepping keys (leave a field, or presentation mode)</source>
        <translation>回到步进键（离开输入框，或退出放映模式）</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
</context>
<context>
    <name>TorchCheck</name>
    <message>
        <source>PyTorch is not installed, so there is nothing to check against. Install it with “{0}” (cnnviz itself never needs it) and press Check again.</source>
        <translation>未安装 PyTorch，无从核对。请用“{0}”安装（cnnviz 本身从不需要它），然后再次点击核对。</translation>
    </message>
    <message>
        <source>PyTorch could not be used: {0}</source>
        <translation>无法使用 PyTorch：{0}</translation>
    </message>
    <message>
        <source>PyTorch {0} agrees: the largest absolute difference from cnnviz is {1:.3g} ({2}).</source>
        <translation>PyTorch {0} 结果一致：与 cnnviz 的最大绝对差为 {1:.3g}（{2}）。</translation>
    </message>
    <message>
        <source>PyTorch {0} disagrees: the largest absolute difference from cnnviz is {1:.3g} ({2}).</source>
        <translation>PyTorch {0} 结果不一致：与 cnnviz 的最大绝对差为 {1:.3g}（{2}）。</translation>
    </message>
    <message>
        <source>PyTorch could not be used: the check could not be started.</source>
        <translation>无法使用 PyTorch：核对进程未能启动。</translation>
    </message>
    <message>
        <source>The check with PyTorch took too long and was stopped.</source>
        <translation>用 PyTorch 核对耗时过长，已停止。</translation>
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
        <source>Conv blocks</source>
        <translation>卷积块数</translation>
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
        <source>How many convolution → ReLU → pooling blocks the network stacks.</source>
        <translation>网络堆叠多少个“卷积 → ReLU → 池化”块。</translation>
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
        <source>Step one batch</source>
        <translation>只训练一个批次</translation>
    </message>
    <message>
        <source>Train on the next batch only, and show that batch's loss before and after the update.</source>
        <translation>只用下一个批次训练一次，并显示该批次在更新前后的损失。</translation>
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
        <source>Change of each weight since the start: blue grew, red shrank, white did not move.</source>
        <translation>每个权重自开始以来的变化：蓝色表示增大，红色表示减小，白色表示不变。</translation>
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
        <source>This model has trained {0} epochs, the most one series of runs may have; press Reset to start over.</source>
        <translation>该模型已训练 {0} 轮，达到连续训练的上限；请按“重置”重新开始。</translation>
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
        <source>Stop training before training one batch at a time.</source>
        <translation>请先停止训练，再逐个批次训练。</translation>
    </message>
    <message>
        <source>Trained one batch (epoch {0}, batch {1} of {2}): its loss went from {3} to {4}.</source>
        <translation>已训练一个批次（第 {0} 轮，第 {1}/{2} 批）：该批次的损失从 {3} 变为 {4}。</translation>
    </message>
    <message>
        <source>Training stopped by an error: {0}</source>
        <translation>训练因错误而停止：{0}</translation>
    </message>
    <message>
        <source>Final (epoch {0}): validation accuracy {1} %, loss {2}; training accuracy {3} %, loss {4}</source>
        <translation>最终结果（第 {0} 轮）：验证集准确率 {1} %，损失 {2}；训练集准确率 {3} %，损失 {4}</translation>
    </message>
    <message>
        <source>After epoch {0}: validation accuracy {1} %, loss {2}; training accuracy {3} %, loss {4}</source>
        <translation>第 {0} 轮结束：验证集准确率 {1} %，损失 {2}；训练集准确率 {3} %，损失 {4}</translation>
    </message>
    <message>
        <source>Training diverged at epoch {0}, batch {1}: the loss became {2}. The learning rate {3} is too large; set it to {4}, the rate this dataset trains well with, and press Start again.</source>
        <translation>训练在第 {0} 轮第 {1} 批发散：损失变成了 {2}。学习率 {3} 太大；请改为 {4}（用这个学习率，该数据集能训练好），再按“开始”。</translation>
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
        <source>Loaded {0}: trained {1} epoch on {2} (seed {3}, {4}, lr {5}): validation accuracy {6} %</source>
        <translation>已加载 {0}：在 {2} 上训练了 {1} 轮（种子 {3}，{4}，学习率 {5}）：验证准确率 {6} %</translation>
    </message>
    <message>
        <source>Loaded {0}: trained {1} epochs on {2} (seed {3}, {4}, lr {5}): validation accuracy {6} %</source>
        <translation>已加载 {0}：在 {2} 上训练了 {1} 轮（种子 {3}，{4}，学习率 {5}）：验证准确率 {6} %</translation>
    </message>
    <message>
        <source>There is no training log yet: press Start or Step first.</source>
        <translation>还没有训练日志：请先按“开始”或“单步”。</translation>
    </message>
    <message>
        <source>Could not write the log to {0}: {1}</source>
        <translation>无法把日志写入 {0}：{1}</translation>
    </message>
    <message>
        <source>Wrote {0} rows ({1}) to {2}.</source>
        <translation>已把 {0} 行（{1}）写入 {2}。</translation>
    </message>
    <message>
        <source>Could not save {0}: {1}</source>
        <translation>无法保存 {0}：{1}</translation>
    </message>
    <message>
        <source>Saved {0} to {1}.</source>
        <translation>已把 {0} 保存到 {1}。</translation>
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
        <source>{0} sample {1} ({2}), filter w{3}</source>
        <translation>{0} 样本 {1}（{2}），滤波器 w{3}</translation>
    </message>
    <message>
        <source>Sent filter w{0} to the convolution view.</source>
        <translation>已把滤波器 w{0} 送到卷积视图。</translation>
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
    <message>
        <source>start: no batch trained yet</source>
        <translation>开始时：尚未训练任何批次</translation>
    </message>
    <message>
        <source>epoch {0}, batch {1} of {2}</source>
        <translation>第 {0} 轮，第 {1}/{2} 批</translation>
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
    <name>TransposedView</name>
    <message>
        <source>Transposed convolution · step {0} / {1} · input channel {2}, row {3}, column {4} scatters x·w into the output</source>
        <translation>转置卷积 · 第 {0} / {1} 步 · 输入通道 {2}，行 {3}，列 {4} 把 x·w 散布到输出</translation>
    </message>
    <message>
        <source>{0} of the {1} taps land in the padding, outside the output, and are dropped.</source>
        <translation>{1} 个权重中有 {0} 个落在填充里（输出之外），被舍去。</translation>
    </message>
    <message>
        <source>x[{0}, {1}, {2}] = {3}: tap (i, j) of w[{0}] lands on output row {1}·{4} − {5} + i·{6}, column {2}·{7} − {8} + j·{9}.</source>
        <translation>x[{0}, {1}, {2}] = {3}：w[{0}] 的第 (i, j) 个权重落在输出的行 {1}·{4} − {5} + i·{6}、列 {2}·{7} − {8} + j·{9}。</translation>
    </message>
    <message>
        <source>output channel {0}: nothing lands inside</source>
        <translation>输出通道 {0}：没有落在输出内的</translation>
    </message>
    <message>
        <source>output channel {0}, rows {1} × columns {2} += [{3}]</source>
        <translation>输出通道 {0}，行 {1} × 列 {2} += [{3}]</translation>
    </message>
    <message>
        <source>… and {0} more output channels the same way.</source>
        <translation>……其余 {0} 个输出通道同理。</translation>
    </message>
    <message>
        <source>Every input cell has scattered: the output is these sums plus the bias ({0}).</source>
        <translation>所有输入格都已散布：输出 = 这些和 + 偏置（{0}）。</translation>
    </message>
    <message>
        <source>Kernels w[{0}] ({1} × {2}×{3}): one per output channel</source>
        <translation>卷积核 w[{0}]（{1} × {2}×{3}）：每个输出通道一个</translation>
    </message>
    <message>
        <source>x · w[{0}]: what this input cell adds</source>
        <translation>x · w[{0}]：这个输入格加上的值</translation>
    </message>
    <message>
        <source>Input {0}×{1}×{2}: each cell is one step</source>
        <translation>输入 {0}×{1}×{2}：每个格子是一步</translation>
    </message>
    <message>
        <source>Output {0}×{1}×{2}, summed so far (the bias is added at the end)</source>
        <translation>输出 {0}×{1}×{2}，目前累加的和（偏置最后再加）</translation>
    </message>
    <message>
        <source>input channel {0}</source>
        <translation>输入通道 {0}</translation>
    </message>
    <message>
        <source>output channel {0}</source>
        <translation>输出通道 {0}</translation>
    </message>
</context>
<context>
    <name>VariantQueries</name>
    <message>
        <source>The backward stages follow the ordinary convolution, not the transposed one.</source>
        <translation>反向传播各阶段只针对普通卷积，不针对转置卷积。</translation>
    </message>
    <message>
        <source>The backward stages are shown for zero padding, an unflipped kernel and one group.</source>
        <translation>反向传播各阶段只在零填充、卷积核不翻转、分组为 1 时显示。</translation>
    </message>
</context>
<context>
    <name>VariantSession</name>
    <message>
        <source>The transposed convolution is shown as scatter or direct.</source>
        <translation>转置卷积只能以“散布”或“直接卷积”方式显示。</translation>
    </message>
    <message>
        <source>Groups are back to 1: {0} groups do not divide {1} channel(s).</source>
        <translation>分组已恢复为 1：{0} 组不能整除 {1} 个通道。</translation>
    </message>
</context>
<context>
    <name>VariantText</name>
    <message>
        <source>The input must be a (channels, height, width) array.</source>
        <translation>输入必须是 (通道, 高, 宽) 的数组。</translation>
    </message>
    <message>
        <source>The filters must be a (filters, channels, height, width) array.</source>
        <translation>滤波器必须是 (滤波器, 通道, 高, 宽) 的数组。</translation>
    </message>
    <message>
        <source>The padding mode must be zeros, reflect, replicate or circular.</source>
        <translation>填充方式只能是零、反射、复制边缘或循环。</translation>
    </message>
    <message>
        <source>Groups must be at least 1.</source>
        <translation>分组至少为 1。</translation>
    </message>
    <message>
        <source>The output padding cannot be negative.</source>
        <translation>输出填充不能为负数。</translation>
    </message>
    <message>
        <source>Output padding belongs to the transposed convolution: set it to 0, or switch the transposed convolution on.</source>
        <translation>输出填充只用于转置卷积：请把它设为 0，或打开转置卷积。</translation>
    </message>
    <message>
        <source>The filters have {0} channel(s) each, but {1} channel(s) in {2} group(s) need {3}.</source>
        <translation>每个滤波器有 {0} 个通道，但 {1} 个通道分成 {2} 组需要 {3} 个。</translation>
    </message>
    <message>
        <source>Reflect padding {0} needs an input of more than {0} cells each way; this one is {1}×{2}. Use padding {3} or less, or another padding mode.</source>
        <translation>反射填充 {0} 要求输入每个方向都多于 {0} 格；这个输入是 {1}×{2}。请把填充设为 {3} 或更小，或换一种填充方式。</translation>
    </message>
    <message>
        <source>Circular padding {0} would wrap around this {1}×{2} input more than once. Use padding {3} or less, or another padding mode.</source>
        <translation>循环填充 {0} 会在这个 {1}×{2} 的输入上绕不止一圈。请把填充设为 {3} 或更小，或换一种填充方式。</translation>
    </message>
    <message>
        <source>Groups {0} must divide the input's {1} channel(s): use {2}.</source>
        <translation>分组 {0} 必须整除输入的 {1} 个通道：可用 {2}。</translation>
    </message>
    <message>
        <source>Groups {0} must divide the number of filters, {1}: set {2} filters (a multiple of {0}) first.</source>
        <translation>分组 {0} 必须整除滤波器个数 {1}：请先设为 {2} 个滤波器（{0} 的倍数）。</translation>
    </message>
    <message>
        <source>The transposed convolution is shown with one group: set groups to 1 first.</source>
        <translation>转置卷积只支持一个分组：请先把分组设为 1。</translation>
    </message>
    <message>
        <source>The transposed convolution pads with zeros only (as PyTorch's ConvTranspose2d): choose the zeros padding mode first.</source>
        <translation>转置卷积只用零填充（与 PyTorch 的 ConvTranspose2d 相同）：请先选择零填充。</translation>
    </message>
    <message>
        <source>The transposed convolution's direct picture already flips the kernel: switch the true convolution off first.</source>
        <translation>转置卷积的直接卷积画面已经翻转了卷积核：请先关闭真卷积。</translation>
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
        <source>Output padding {0} must be smaller than the stride ({1}) or the dilation ({2}): it only chooses among output sizes that the stride maps back to the same input size.</source>
        <translation>输出填充 {0} 必须小于步长（{1}）或空洞率（{2}）：它只是在步长映射回同一输入大小的几种输出大小中选一个。</translation>
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
        <source>Impossible setting: the transposed convolution makes {0} cells {1}, and padding {2} crops 2 × {2} of them, leaving {3}. Use less padding.</source>
        <translation>无法计算的设置：转置卷积得到 {0} 格{1}，填充 {2} 要裁掉 2 × {2} 格，只剩 {3}。请减小填充。</translation>
    </message>
    <message>
        <source>Groups 1: every filter sees all {0} channels again, with the weights put aside.</source>
        <translation>分组 1：每个滤波器重新看到全部 {0} 个通道，先前搁置的权重也回来了。</translation>
    </message>
    <message>
        <source>Groups 1: every filter sees all {0} channels; those outside its old group are 0, so the output is the same.</source>
        <translation>分组 1：每个滤波器看到全部 {0} 个通道；原来组外的通道权重为 0，所以输出不变。</translation>
    </message>
    <message>
        <source>The weights for the other channels are put aside until groups is 1 again.</source>
        <translation>其他通道的权重先搁置，分组回到 1 时恢复。</translation>
    </message>
    <message>
        <source>Depthwise (groups = channels = {0}): each filter sees one channel ({1}).</source>
        <translation>深度卷积（分组 = 通道数 = {0}）：每个滤波器只看一个通道（{1}）。</translation>
    </message>
    <message>
        <source>Groups {0}: each filter sees {1} of the {2} channels ({3}).</source>
        <translation>分组 {0}：每个滤波器看 {2} 个通道中的 {1} 个（{3}）。</translation>
    </message>
    <message>
        <source>Transposed convolution: the same filters, read as PyTorch's conv_transpose2d reads them, (C_in, C_out, KH, KW) = {0}; filter w0 gives output channel 0, w1 channel 1, and so on.</source>
        <translation>转置卷积：同样的滤波器按 PyTorch 的 conv_transpose2d 的方式读取，(C_in, C_out, KH, KW) = {0}；滤波器 w0 给出输出通道 0，w1 给出通道 1，依此类推。</translation>
    </message>
    <message>
        <source>Ordinary convolution again: the filters are (F, C, KH, KW) = {0}; output channel 0 comes from filter w0 again, and so on.</source>
        <translation>回到普通卷积：滤波器为 (F, C, KH, KW) = {0}；输出通道 0 重新来自滤波器 w0，依此类推。</translation>
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
<context>
    <name>WorksheetDialog</name>
    <message>
        <source>en</source>
        <translation>zh_CN</translation>
    </message>
    <message>
        <source>Make worksheet</source>
        <translation>生成练习卷</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>种子：</translation>
    </message>
    <message>
        <source>Level:</source>
        <translation>难度：</translation>
    </message>
    <message>
        <source>Language on the page:</source>
        <translation>练习卷语言：</translation>
    </message>
    <message>
        <source>Sheet:</source>
        <translation>练习卷：</translation>
    </message>
    <message>
        <source>Answer key:</source>
        <translation>答案：</translation>
    </message>
    <message>
        <source>1 — whole numbers, one channel, no padding, stride 1</source>
        <translation>1 — 整数，单通道，无填充，步长 1</translation>
    </message>
    <message>
        <source>2 — adds zero padding and/or a stride of 2</source>
        <translation>2 — 增加零填充和/或步长 2</translation>
    </message>
    <message>
        <source>3 — two input channels</source>
        <translation>3 — 两个输入通道</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>写入</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Wrote the sheet to {0}
and the answer key to {1}.</source>
        <translation>练习卷已写入 {0}
答案已写入 {1}。</translation>
    </message>
</context>
<context>
    <name>WorksheetJob</name>
    <message>
        <source>it is a folder</source>
        <translation>这是一个文件夹</translation>
    </message>
    <message>
        <source>the file is write-protected (it was left as it is)</source>
        <translation>该文件受写保护（已保持原样）</translation>
    </message>
    <message>
        <source>Choose a file name for the sheet and for the answer key.</source>
        <translation>请为练习卷和答案各选择一个文件名。</translation>
    </message>
    <message>
        <source>{0}: the file name must end in .png</source>
        <translation>{0}：文件名必须以 .png 结尾</translation>
    </message>
    <message>
        <source>The sheet and the answer key must be two different files.</source>
        <translation>练习卷和答案必须是两个不同的文件。</translation>
    </message>
    <message>
        <source>Cannot write {0}: the folder {1} does not exist.</source>
        <translation>无法写入 {0}：文件夹 {1} 不存在。</translation>
    </message>
    <message>
        <source>Cannot write {0}: {1}</source>
        <translation>无法写入 {0}：{1}</translation>
    </message>
    <message>
        <source>Seed, level or language out of range.</source>
        <translation>种子、难度或语言超出范围。</translation>
    </message>
    <message>
        <source>Cannot draw the worksheet: {0}</source>
        <translation>无法绘制练习卷：{0}</translation>
    </message>
</context>
</TS>
