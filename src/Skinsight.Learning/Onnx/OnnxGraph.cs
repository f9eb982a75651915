namespace Skinsight.Learning.Onnx;

/// <summary>The parts of an ONNX model that loading pretrained weights needs: the nodes in order and the initializers.</summary>
public sealed record OnnxGraph(IReadOnlyList<OnnxNode> Nodes, IReadOnlyDictionary<string, OnnxTensor> Initializers)
{
    /// <summary>Returns the first node that reads <paramref name="input"/> and has the operator <paramref name="opType"/>.</summary>
    public OnnxNode? FindConsumer(string input, string opType) =>
        Nodes.FirstOrDefault(n => n.OpType == opType && n.Inputs.Contains(input));
}

/// <summary>One operator of the graph with its input and output value names and its integer-list attributes.</summary>
public sealed record OnnxNode(
    string OpType,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    IReadOnlyDictionary<string, long[]> IntAttributes);

/// <summary>A float tensor stored in the model file, in row-major order.</summary>
public sealed record OnnxTensor(string Name, long[] Dims, float[] Data);
