using System.Buffers.Binary;
using System.Text;

namespace Skinsight.Learning.Onnx;

/// <summary>
/// Reads the graph nodes and float initializers of an ONNX file by decoding the protocol buffer wire format
/// directly, because OnnxRuntime does not expose initializers and no ONNX object model is referenced.
/// </summary>
/// <remarks>
/// Only the fields that weight loading needs are decoded (onnx.proto3: ModelProto.graph = 7; GraphProto.node = 1,
/// initializer = 5; NodeProto.input = 1, output = 2, op_type = 4, attribute = 5; AttributeProto.name = 1, i = 3,
/// ints = 8; TensorProto.dims = 1, data_type = 2, float_data = 4, name = 8, raw_data = 9). Every other field is
/// skipped. Initializers that are not 32-bit floats, or that use external data, are left out.
/// </remarks>
public static class OnnxModelReader
{
    private const int WireVarint = 0;
    private const int WireFixed64 = 1;
    private const int WireLengthDelimited = 2;
    private const int WireFixed32 = 5;
    private const int TensorFloat = 1;

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="ModelFormatException">The file is missing or is not a readable ONNX model.</exception>
    public static OnnxGraph Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelFormatException(
                $"The ONNX model {path} was not found; build the project that references " +
                "Microsoft.ML.DnnImageFeaturizer.ResNet18 so the file is copied to the output folder.");
        }

        try
        {
            return Parse(File.ReadAllBytes(path));
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or IndexOutOfRangeException or FormatException)
        {
            throw new ModelFormatException($"The ONNX model {path} is not a valid protocol buffer: {ex.Message}", ex);
        }
    }

    /// <summary>Parses the bytes of an ONNX ModelProto.</summary>
    public static OnnxGraph Parse(ReadOnlySpan<byte> model)
    {
        var nodes = new List<OnnxNode>();
        var initializers = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);
        var reader = new ProtoReader(model);
        while (reader.Next(out int field, out int wire))
        {
            if (field == 7 && wire == WireLengthDelimited)
            {
                ReadGraph(reader.Bytes(), nodes, initializers);
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return new OnnxGraph(nodes, initializers);
    }

    private static void ReadGraph(
        ReadOnlySpan<byte> graph,
        List<OnnxNode> nodes,
        Dictionary<string, OnnxTensor> initializers)
    {
        var reader = new ProtoReader(graph);
        while (reader.Next(out int field, out int wire))
        {
            if (field == 1 && wire == WireLengthDelimited)
            {
                nodes.Add(ReadNode(reader.Bytes()));
            }
            else if (field == 5 && wire == WireLengthDelimited)
            {
                OnnxTensor? tensor = ReadTensor(reader.Bytes());
                if (tensor is not null)
                {
                    initializers[tensor.Name] = tensor;
                }
            }
            else
            {
                reader.Skip(wire);
            }
        }
    }

    private static OnnxNode ReadNode(ReadOnlySpan<byte> node)
    {
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new Dictionary<string, long[]>(StringComparer.Ordinal);
        string opType = "";
        var reader = new ProtoReader(node);
        while (reader.Next(out int field, out int wire))
        {
            switch (field, wire)
            {
                case (1, WireLengthDelimited):
                    inputs.Add(reader.String());
                    break;
                case (2, WireLengthDelimited):
                    outputs.Add(reader.String());
                    break;
                case (4, WireLengthDelimited):
                    opType = reader.String();
                    break;
                case (5, WireLengthDelimited):
                    (string name, long[] ints) = ReadIntAttribute(reader.Bytes());
                    attributes[name] = ints;
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return new OnnxNode(opType, inputs, outputs, attributes);
    }

    private static (string Name, long[] Ints) ReadIntAttribute(ReadOnlySpan<byte> attribute)
    {
        string name = "";
        var ints = new List<long>();
        var reader = new ProtoReader(attribute);
        while (reader.Next(out int field, out int wire))
        {
            switch (field, wire)
            {
                case (1, WireLengthDelimited):
                    name = reader.String();
                    break;
                case (3, WireVarint):
                case (8, WireVarint):
                    ints.Add((long)reader.Varint());
                    break;
                case (8, WireLengthDelimited):
                    ReadPackedVarints(reader.Bytes(), ints);
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return (name, ints.ToArray());
    }

    private static OnnxTensor? ReadTensor(ReadOnlySpan<byte> tensor)
    {
        var dims = new List<long>();
        string name = "";
        long dataType = 0;
        float[]? data = null;
        var reader = new ProtoReader(tensor);
        while (reader.Next(out int field, out int wire))
        {
            switch (field, wire)
            {
                case (1, WireVarint):
                    dims.Add((long)reader.Varint());
                    break;
                case (1, WireLengthDelimited):
                    ReadPackedVarints(reader.Bytes(), dims);
                    break;
                case (2, WireVarint):
                    dataType = (long)reader.Varint();
                    break;
                case (4, WireLengthDelimited):
                case (9, WireLengthDelimited):
                    // float_data (packed) and raw_data share the same little-endian float layout.
                    data = ReadFloats(reader.Bytes());
                    break;
                case (8, WireLengthDelimited):
                    name = reader.String();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        if (dataType != TensorFloat || data is null)
        {
            return null;
        }

        long expected = dims.Aggregate(1L, (product, d) => product * d);
        if (expected != data.Length)
        {
            throw new FormatException($"initializer {name} has {data.Length} values but its dims [{string.Join(',', dims)}] need {expected}");
        }

        return new OnnxTensor(name, dims.ToArray(), data);
    }

    private static float[] ReadFloats(ReadOnlySpan<byte> bytes)
    {
        var values = new float[bytes.Length / sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i * sizeof(float), sizeof(float)));
        }

        return values;
    }

    private static void ReadPackedVarints(ReadOnlySpan<byte> bytes, List<long> values)
    {
        var reader = new ProtoReader(bytes);
        while (!reader.AtEnd)
        {
            values.Add((long)reader.Varint());
        }
    }

    /// <summary>A forward-only cursor over protocol buffer bytes.</summary>
    private ref struct ProtoReader(ReadOnlySpan<byte> buffer)
    {
        private readonly ReadOnlySpan<byte> _buffer = buffer;
        private int _position;

        public readonly bool AtEnd => _position >= _buffer.Length;

        public bool Next(out int field, out int wire)
        {
            if (AtEnd)
            {
                field = 0;
                wire = 0;
                return false;
            }

            ulong key = Varint();
            field = (int)(key >> 3);
            wire = (int)(key & 7);
            return true;
        }

        public ulong Varint()
        {
            ulong value = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                byte b = _buffer[_position++];
                value |= (ulong)(b & 0x7f) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }

            throw new FormatException($"varint longer than 10 bytes at offset {_position}");
        }

        public ReadOnlySpan<byte> Bytes()
        {
            int length = checked((int)Varint());
            ReadOnlySpan<byte> slice = _buffer.Slice(_position, length);
            _position += length;
            return slice;
        }

        public string String() => Encoding.UTF8.GetString(Bytes());

        public void Skip(int wire)
        {
            switch (wire)
            {
                case WireVarint:
                    Varint();
                    break;
                case WireFixed64:
                    _position += 8;
                    break;
                case WireLengthDelimited:
                    Bytes();
                    break;
                case WireFixed32:
                    _position += 4;
                    break;
                default:
                    throw new FormatException($"unsupported wire type {wire} at offset {_position}");
            }
        }
    }
}
