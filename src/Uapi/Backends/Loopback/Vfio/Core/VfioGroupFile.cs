using static Uapi.Raw.Interop.Vfio;

namespace Uapi.Backends.Loopback.Vfio;

/// <summary>An open IOMMU group (vfio_group_fops): its status; closing it lets the next open in.</summary>
internal sealed unsafe class VfioGroupFile(VfioGroupNode node) : LoopbackFile
{
    private bool _containerSet = false;
    public override string Description => node.Path;

    internal override int Ioctl(uint request, void* arg)
    {
        switch (request)
        {
            case VFIO_GROUP_GET_STATUS:
                var s = (VfioGroupStatus*)arg;
                if (s->Argsz < (uint)sizeof(VfioGroupStatus)) return -(int)Errno.EINVAL;
                s->Flags = (node.Viable ? VFIO_GROUP_FLAGS_VIABLE : 0) | (_containerSet ? VFIO_GROUP_FLAGS_CONTAINER_SET : 0);
                return 0;
            default:
                return -(int)Errno.ENOTTY;
        }
    }

    protected override void OnLastClose() => node.Release();
}
