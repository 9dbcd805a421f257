import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import { useMe } from '../../app/session.tsx';
import {
  type AllocationInput,
  type ContractReceipt,
  MONEY_WRITERS,
  type PaymentPlan,
  type PlanPreview,
  type PlanPreviewBody,
  type ReceiptDetail,
  type RecordReceiptBody,
  type SavePlanBody,
} from './types.ts';

export function useCanWriteMoney(): boolean {
  return (MONEY_WRITERS as readonly string[]).includes(useMe().role);
}

/** Everything money-related refreshes together: lists, plans, receipts of contracts, prepayments. */
function useInvalidateMoney() {
  const client = useQueryClient();
  return () =>
    Promise.all(
      ['receipts', 'receipt', 'plan', 'contract-receipts', 'prepayment'].map((key) =>
        client.invalidateQueries({ queryKey: [key] }),
      ),
    );
}

export function useReceipt(id: string | undefined) {
  return useQuery({
    queryKey: ['receipt', id],
    queryFn: ({ signal }) => api<ReceiptDetail>(`/receipts/${id}`, { signal }),
    enabled: !!id,
  });
}

export function usePlan(contractId: string) {
  return useQuery({
    queryKey: ['plan', contractId],
    queryFn: ({ signal }) => api<PaymentPlan>(`/contracts/${contractId}/plan`, { signal }),
  });
}

export function useContractReceipts(contractId: string) {
  return useQuery({
    queryKey: ['contract-receipts', contractId],
    queryFn: ({ signal }) =>
      api<{ items: ContractReceipt[] }>(`/contracts/${contractId}/receipts`, { signal }),
  });
}

/** Records a receipt once: the key is made when the drawer opens, so a retried click records nothing twice. */
export function useRecordReceipt() {
  const invalidate = useInvalidateMoney();
  return useMutation({
    mutationFn: ({ body, key }: { body: RecordReceiptBody; key: string }) =>
      api<ReceiptDetail>('/receipts', { method: 'POST', body, headers: { 'idempotency-key': key } }),
    onSuccess: invalidate,
  });
}

export function useAllocateReceipt() {
  const invalidate = useInvalidateMoney();
  return useMutation({
    mutationFn: ({ id, version, body }: { id: string; version: number; body: AllocationInput }) =>
      api<ReceiptDetail>(`/receipts/${id}/allocations`, { method: 'POST', body, version }),
    onSuccess: invalidate,
  });
}

export function useUndoAllocation() {
  const invalidate = useInvalidateMoney();
  return useMutation({
    mutationFn: ({
      id,
      allocationId,
      version,
      reason,
    }: {
      id: string;
      allocationId: string;
      version: number;
      reason: string;
    }) =>
      api<ReceiptDetail>(`/receipts/${id}/allocations/${allocationId}/undo`, {
        method: 'POST',
        body: { reason },
        version,
      }),
    onSuccess: invalidate,
  });
}

export function useReverseReceipt() {
  const invalidate = useInvalidateMoney();
  return useMutation({
    mutationFn: ({ id, version, reason }: { id: string; version: number; reason: string }) =>
      api<ReceiptDetail>(`/receipts/${id}/reverse`, { method: 'POST', body: { reason }, version }),
    onSuccess: invalidate,
  });
}

export function useSavePlan(contractId: string) {
  const invalidate = useInvalidateMoney();
  return useMutation({
    mutationFn: ({ version, body }: { version: number; body: SavePlanBody }) =>
      api<PaymentPlan>(`/contracts/${contractId}/plan`, { method: 'PUT', body, version }),
    onSuccess: invalidate,
  });
}

export function previewPlan(contractId: string, body: PlanPreviewBody) {
  return api<PlanPreview>(`/contracts/${contractId}/plan/preview`, { method: 'POST', body });
}
